package dev.strata.core.finance;

import dev.strata.core.internal.Args;
import dev.strata.core.StrataException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/** Read-only figures about the {@code venture_financial_summary} view, for monitoring. */
public final class FinancialSummaryStats {

  private static final String AGE = "SELECT (EXTRACT(EPOCH FROM now() - refreshed_at) * 1000)::bigint "
      + "FROM strata_view_refresh WHERE view_name = ?";

  private FinancialSummaryStats() {}

  /**
   * How old the view's data is: the time since the start of the last successful refresh (its
   * snapshot), by the database clock — whichever instance or the dataset generator did it.
   *
   * @return empty when the view was never refreshed through Strata
   * @throws StrataException if PostgreSQL fails
   */
  public static Optional<Duration> viewAge(DataSource dataSource) {
    Args.notNull(dataSource, "dataSource");
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(AGE)) {
      ps.setString(1, FinancialSummaryRefresher.VIEW);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Duration.ofMillis(Math.max(0, rs.getLong(1)))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StrataException("age of " + FinancialSummaryRefresher.VIEW + " failed: " + e.getMessage(), e);
    }
  }
}
