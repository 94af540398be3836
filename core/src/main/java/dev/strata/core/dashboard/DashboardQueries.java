package dev.strata.core.dashboard;

import dev.strata.core.internal.Args;
import org.jdbi.v3.core.Jdbi;

/**
 * Dashboard loaders over a {@link Jdbi} configured by {@link dev.strata.core.StrataJdbi}.
 *
 * <pre>{@code
 * DashboardLoader dashboards = DashboardQueries.oneRoundTrip(StrataJdbi.create(pool));
 * Dashboard d = dashboards.load(userId, LocalDate.now().withDayOfMonth(1), OffsetDateTime.now());
 * }</pre>
 */
public final class DashboardQueries {

  private DashboardQueries() {}

  /**
   * The loader to use: one statement per call, whatever the number of ventures. Returns exactly what
   * {@link #naive(Jdbi)} returns.
   */
  public static DashboardLoader oneRoundTrip(Jdbi jdbi) {
    return new OneRoundTripDashboardLoader(Args.notNull(jdbi, "jdbi"));
  }

  /**
   * The original plan's sequence, {@code 1 + 4 × ventures} statements: the reference and the
   * benchmark baseline, not for production.
   */
  public static DashboardLoader naive(Jdbi jdbi) {
    return new NaiveDashboardLoader(Args.notNull(jdbi, "jdbi"));
  }
}
