package dev.strata.core.dashboard;

import dev.strata.core.internal.Args;
import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.SocialPost;
import dev.strata.core.domain.Venture;
import dev.strata.core.internal.DashboardSql;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The whole dashboard in one statement: the user's active ventures in a CTE, each venture's income
 * as a scalar subquery, and its three feeds as {@code LATERAL} top-N subqueries, each served by its
 * {@code (venture_id, created_at DESC)} or {@code (venture_id, start_date)} index. The feeds come back
 * as one {@code UNION ALL} of rows of a common wide shape, tagged by kind and ordered, so the driver
 * streams typed columns (no JSON to build on the server or parse here) and the cost of the round
 * trip does not grow with the number of ventures.
 */
final class OneRoundTripDashboardLoader implements DashboardLoader {

  /*
   * The parameters enter through a materialized CTE, read back as scalar subqueries (init plans),
   * rather than as plain bind parameters. With plain parameters PostgreSQL plans this 13-relation
   * statement again on every execution (a custom plan costs ~250 µs of planning, as much as running
   * it) because it can use the values for selectivity estimates; behind init plans the values are
   * unknown at planning time, custom and generic plans cost the same, and the server keeps the
   * generic plan of the prepared statement. Every access path stays an index scan on the value
   * known at execution time (PlansIT checks it).
   */

  private final Jdbi jdbi;

  OneRoundTripDashboardLoader(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Dashboard load(long userId, LocalDate incomeSince, OffsetDateTime now) {
    Args.id(userId, "userId");
    Args.notNull(incomeSince, "incomeSince");
    Args.notNull(now, "now");
    return jdbi.withHandle(h -> h.createQuery(DashboardSql.ONE_ROUND_TRIP)
        .bind("user", userId).bind("since", incomeSince).bind("now", now)
        .scanResultSet((supplier, ctx) -> {
          Map<Long, Assembly> byVenture = new LinkedHashMap<>();
          try (ResultSet rs = supplier.get()) {
            while (rs.next()) {
              read(rs, byVenture.computeIfAbsent(rs.getLong("venture_id"), k -> new Assembly()));
            }
          }
          List<VentureDashboard> ventures = new ArrayList<>(byVenture.size());
          byVenture.values().forEach(a -> ventures.add(a.build()));
          return new Dashboard(userId, ventures);
        }));
  }

  private static void read(ResultSet rs, Assembly a) throws SQLException {
    long ventureId = rs.getLong("venture_id");
    long id = rs.getLong("id");
    switch (rs.getString("kind")) {
      case "v" -> {
        a.venture = new Venture(id, rs.getLong("num"), rs.getString("t1"), rs.getBoolean("flag"), ts(rs, "ts1"));
        a.income = rs.getBigDecimal("amount");
      }
      case "d" -> a.drafts.add(new ContentDraft(id, ventureId, rs.getString("t1"), rs.getString("t2"),
          rs.getString("t3"), ts(rs, "ts1"), ts(rs, "ts2")));
      case "p" -> a.posts.add(new SocialPost(id, ventureId, rs.getString("t1"), rs.getString("t2"),
          rs.getString("t3"), ts(rs, "ts1"), ts(rs, "ts2")));
      case "e" -> a.events.add(new CalendarEvent(id, ventureId, rs.getString("t1"), rs.getString("t2"),
          ts(rs, "ts1"), ts(rs, "ts2"), ts(rs, "ts3")));
      default -> throw new IllegalStateException("unexpected row kind " + rs.getString("kind"));
    }
  }

  private static OffsetDateTime ts(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class);
  }

  /** Rows of one venture, gathered in statement order. */
  private static final class Assembly {
    Venture venture;
    BigDecimal income;
    final List<ContentDraft> drafts = new ArrayList<>();
    final List<SocialPost> posts = new ArrayList<>();
    final List<CalendarEvent> events = new ArrayList<>();

    VentureDashboard build() {
      return new VentureDashboard(venture, income, drafts, posts, events);
    }
  }
}
