package dev.strata.core.outbox;

import dev.strata.core.internal.Args;
import dev.strata.core.StrataException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Read-only backlog figures of the outbox table, for monitoring (strata-metrics turns them into
 * gauges). Each call is one statement over the topic's rows; the table only ever holds unfinished
 * and dead-lettered jobs, since completed ones are deleted.
 *
 * <p>Thread-safe.
 */
public final class OutboxStats {

  private static final String BACKLOG = """
      SELECT count(*) FILTER (WHERE dead_at IS NULL AND NOT (claim_token IS NOT NULL AND available_at > now())),
             count(*) FILTER (WHERE dead_at IS NULL AND claim_token IS NOT NULL AND available_at > now()),
             count(*) FILTER (WHERE dead_at IS NOT NULL),
             COALESCE((EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE dead_at IS NULL)) * 1000)::bigint, 0)
        FROM strata_outbox WHERE topic = ?""";

  /**
   * One topic's backlog, all counted in one snapshot.
   *
   * @param pending          jobs waiting for a worker: ready, backing off after a failure, or whose
   *                         lease ran out ({@link Outbox#pending} counts these plus {@code leased})
   * @param leased           jobs a worker holds under an unexpired lease
   * @param dead             dead-lettered jobs
   * @param oldestPendingAge age (database clock, since enqueue) of the oldest job not done and not
   *                         dead — pending or leased — or zero when there is none
   */
  public record Backlog(long pending, long leased, long dead, Duration oldestPendingAge) {}

  private final DataSource dataSource;

  private OutboxStats(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stats over the outbox that {@code dataSource} reaches (a replica works too, lagging as it does). */
  public static OutboxStats of(DataSource dataSource) {
    return new OutboxStats(Args.notNull(dataSource, "dataSource"));
  }

  /**
   * The backlog of {@code topic} now.
   *
   * @throws IllegalArgumentException if the topic is not a valid topic name
   * @throws StrataException if PostgreSQL fails
   */
  public Backlog backlog(String topic) {
    Outbox.checkTopic(topic);
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(BACKLOG)) {
      ps.setString(1, topic);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Backlog(rs.getLong(1), rs.getLong(2), rs.getLong(3), Duration.ofMillis(Math.max(0, rs.getLong(4))));
      }
    } catch (SQLException e) {
      throw new StrataException("outbox backlog of topic " + topic + " failed: " + e.getMessage(), e);
    }
  }
}
