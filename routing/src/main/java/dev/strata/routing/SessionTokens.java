package dev.strata.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's read-your-writes tokens: those of keyed sessions, kept for up to
 * {@link RoutingConfig#maxSessions()} keys (least recently used forgotten first), the floor that a
 * forgotten key leaves behind, and how a write's position is read from the primary.
 */
final class SessionTokens {

  private static final Logger log = LoggerFactory.getLogger(SessionTokens.class);

  private final RoutingConfig config;
  private final Map<String, ConsistencyToken> sessions;
  private ConsistencyToken evictedFloor;

  SessionTokens(RoutingConfig config) {
    this.config = config;
    int max = config.maxSessions();
    this.sessions = new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ConsistencyToken> eldest) {
        if (size() > max) {
          // a forgotten session keeps a floor: later reads without a token still wait for it
          evictedFloor = eldest.getValue().max(evictedFloor);
          return true;
        }
        return false;
      }
    };
  }

  /** The token of keyed session {@code key}, else the floor of forgotten sessions (null: none). */
  ConsistencyToken get(String key) {
    synchronized (sessions) {
      ConsistencyToken t = sessions.get(key);
      return t != null ? t : evictedFloor;
    }
  }

  /** Raises the token of keyed session {@code key} to {@code token} if that is later. */
  void advance(String key, ConsistencyToken token) {
    synchronized (sessions) {
      ConsistencyToken current = sessions.get(key);
      sessions.put(key, token.max(current != null ? current : evictedFloor));
    }
  }

  /**
   * Advances {@code session} past the commit just made. The position must be read after the commit
   * (the commit record follows every position visible inside the transaction); it is read on the
   * write's connection, or, if that fails, on another primary connection (any position the primary
   * reports after our commit is past it). If both fail the session keeps its older token and a
   * warning is logged, as for a write scope.
   */
  void advanceAfterCommit(RoutingSession session, Connection c) {
    try {
      session.advance(ConsistencyToken.current(c));
      return;
    } catch (SQLException | RuntimeException e) {
      log.debug("[{}] reading the WAL position on the write's connection failed; trying another: {}", config.name(), e.getMessage());
    }
    try (Connection other = config.primary().getConnection()) {
      other.setAutoCommit(true);
      session.advance(ConsistencyToken.current(other));
    } catch (SQLException | RuntimeException e) {
      log.warn("[{}] could not read the primary's WAL position after a committed write; the session keeps its token: {}",
          config.name(), e.getMessage());
    }
  }
}
