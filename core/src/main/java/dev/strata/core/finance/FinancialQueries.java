package dev.strata.core.finance;

import dev.strata.core.internal.Args;
import dev.strata.core.internal.FinanceSql;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Financial aggregations of one venture.
 *
 * <ul>
 *   <li>{@link #incomeSince} and {@link #monthlyLive} aggregate {@code financial_records} directly, over
 *       the {@code (venture_id, record_date)} index: always exact, cost grows with the records read.</li>
 *   <li>{@link #monthlyHybrid} reads clean months from the {@code venture_financial_summary} view and
 *       recomputes live only the current month and the months changed since the last refresh (tracked
 *       by triggers, see migration V4): exact whatever the age of the view, and cheap when it is fresh.</li>
 * </ul>
 */
public final class FinancialQueries {

  /** Longest range of one monthly query (100 years): one row per month. */
  public static final int MAX_MONTHS = 1_200;

  private final Jdbi jdbi;

  private FinancialQueries(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Queries over {@code jdbi}. */
  public static FinancialQueries of(Jdbi jdbi) {
    return new FinancialQueries(Args.notNull(jdbi, "jdbi"));
  }

  /** Income of {@code ventureId} dated on or after {@code since}, live (the dashboard's "monthly income"). */
  public BigDecimal incomeSince(long ventureId, LocalDate since) {
    Args.id(ventureId, "ventureId");
    Args.notNull(since, "since");
    return jdbi.withHandle(h -> h.createQuery(FinanceSql.INCOME_SINCE).bind("venture", ventureId).bind("since", since)
        .mapTo(BigDecimal.class).one());
  }

  /** Per-month figures for {@code from..to} (inclusive), computed live; months without records are absent. */
  public List<MonthlyFinancials> monthlyLive(long ventureId, YearMonth from, YearMonth to) {
    checkRange(ventureId, from, to);
    return jdbi.withHandle(h -> h.createQuery(FinanceSql.MONTHLY_LIVE).bind("venture", ventureId)
        .bind("from", from.atDay(1)).bind("until", to.plusMonths(1).atDay(1))
        .map(FinancialQueries::row).list());
  }

  /**
   * The same figures as {@link #monthlyLive}, from the materialized view where it is known to be
   * exact, live for {@code currentMonth} and for every month changed since the last refresh.
   */
  public List<MonthlyFinancials> monthlyHybrid(long ventureId, YearMonth from, YearMonth to, YearMonth currentMonth) {
    checkRange(ventureId, from, to);
    Args.notNull(currentMonth, "currentMonth");
    return jdbi.withHandle(h -> h.createQuery(FinanceSql.MONTHLY_HYBRID).bind("venture", ventureId)
        .bind("from", from.atDay(1)).bind("until", to.plusMonths(1).atDay(1)).bind("current", currentMonth.atDay(1))
        .map(FinancialQueries::row).list());
  }

  private static void checkRange(long ventureId, YearMonth from, YearMonth to) {
    Args.id(ventureId, "ventureId");
    checkMonths(from, to);
  }

  /**
   * Checks a month range the monthly queries take: both given, {@code to} not before {@code from},
   * years 1..9999 (what PostgreSQL's date and Java's formats share), at most {@link #MAX_MONTHS}.
   */
  public static void checkMonths(YearMonth from, YearMonth to) {
    Args.notNull(from, "from");
    Args.notNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to must not be before from (" + from + "), was: " + to);
    }
    if (from.getYear() < 1 || to.getYear() > 9999) {
      throw new IllegalArgumentException("from and to must be within the years 1..9999, were: " + from + ", " + to);
    }
    long months = from.until(to, java.time.temporal.ChronoUnit.MONTHS) + 1;
    if (months > MAX_MONTHS) {
      throw new IllegalArgumentException("from..to must span at most " + MAX_MONTHS + " months, was: " + months);
    }
  }

  private static MonthlyFinancials row(ResultSet rs, StatementContext ctx) throws SQLException {
    LocalDate month = rs.getObject("month", LocalDate.class);
    return new MonthlyFinancials(YearMonth.from(month), rs.getBigDecimal("income"), rs.getBigDecimal("expense"),
        rs.getLong("n"));
  }
}
