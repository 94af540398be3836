package dev.strata.routing;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A borrowed connection and where it came from ({@code replica} null for the primary);
 * {@code restoreTimeout} is the network timeout to put back on release, or -1.
 */
record Lease(Connection connection, Replica replica, int restoreTimeout) {

  private static final Logger log = LoggerFactory.getLogger(Lease.class);
  static final String PRIMARY = "primary";

  Lease(Connection connection, Replica replica) {
    this(connection, replica, -1);
  }

  String target() {
    return replica == null ? PRIMARY : replica.name;
  }

  /** Gives the connection back to its pool; {@code router} names the router in log lines. */
  void release(String router) {
    if (replica != null) {
      replica.active.decrementAndGet();
    }
    if (restoreTimeout >= 0) {
      try {
        connection.setNetworkTimeout(Runnable::run, restoreTimeout); // the pool's next user expects its own
      } catch (SQLException e) {
        log.debug("[{}] restoring the network timeout of a {} connection failed: {}", router, target(), e.getMessage());
      }
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("[{}] closing a {} connection failed: {}", router, target(), e.getMessage());
    }
  }
}
