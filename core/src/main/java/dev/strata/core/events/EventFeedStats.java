package dev.strata.core.events;

import dev.strata.core.internal.Args;
import dev.strata.core.StrataException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Read-only lag of an {@link EventLog#feed} consumer, for monitoring: how many events lie after its
 * stored cursor and how old the oldest of them is.
 *
 * <p>Thread-safe.
 */
public final class EventFeedStats {

  /** {@link Lag#behind()} stops counting here, so a far-behind consumer costs a bounded scan. */
  public static final int MAX_COUNTED = 100_000;

  private static final String LAG = """
      SELECT count(*), COALESCE((EXTRACT(EPOCH FROM now() - min(recorded_at)) * 1000)::bigint, 0)
        FROM (SELECT recorded_at FROM strata_event_log
               WHERE (tx, id) > (CAST(? AS xid8), ?)
               ORDER BY tx, id LIMIT ?) after_cursor""";

  /**
   * A consumer's lag.
   *
   * @param behind    events after the cursor, at most {@value #MAX_COUNTED}; this includes events
   *                  whose transaction has committed but that the feed still holds back behind an
   *                  older running transaction
   * @param oldestAge age (database clock) of the oldest of those events, zero when there is none
   */
  public record Lag(long behind, Duration oldestAge) {}

  private final DataSource dataSource;

  private EventFeedStats(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stats over the event log that {@code dataSource} reaches. */
  public static EventFeedStats of(DataSource dataSource) {
    return new EventFeedStats(Args.notNull(dataSource, "dataSource"));
  }

  /**
   * The lag of a consumer whose stored position is {@code cursor}.
   *
   * @param cursor a cursor returned by {@link EventLog#feed}, or null for a consumer that has not
   *               started (everything is behind it)
   * @throws IllegalArgumentException if the cursor is not one of the feed's
   * @throws StrataException if PostgreSQL fails
   */
  public Lag lag(String cursor) {
    EventLog.Position after = EventLog.Position.decode(cursor);
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LAG)) {
      ps.setString(1, Long.toUnsignedString(after.tx()));
      ps.setLong(2, after.id());
      ps.setInt(3, MAX_COUNTED);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Lag(rs.getLong(1), Duration.ofMillis(Math.max(0, rs.getLong(2))));
      }
    } catch (SQLException e) {
      throw new StrataException("event feed lag failed: " + e.getMessage(), e);
    }
  }
}
