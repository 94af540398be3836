package dev.strata.routing;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * What a JDBC failure says about the server behind it: whether it is worth trying another server, and
 * whether the primary itself is down. Used by the router, its monitor and {@link RoutingJdbi}.
 */
final class Failures {

  private Failures() {}

  /** Connection-level failures (class 08, server shutdown or crash, too many connections): worth another server. */
  static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
          || t instanceof IOException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code e} says the primary itself is down — a refused or broken connection, a shutdown
   * — rather than that its pool is busy: a pool's own timeout (HikariCP's "request timed out") counts
   * only when it carries such a failure as its cause, and "too many connections" never does.
   */
  static boolean primaryIsDown(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))
          && !(t instanceof SQLTransientConnectionException && t.getCause() == null)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A broken connection before COMMIT means nothing was committed (the server rolls back a
   * transaction whose client went away): {@link PrimaryUnavailableException}, safe to retry. Broken
   * during COMMIT, nobody knows: {@link CommitOutcomeUnknownException}. Null for any other failure,
   * which is rethrown as it came.
   */
  static SQLException brokenConnection(Throwable t, boolean committing) {
    if (!(t instanceof SQLException s) || t instanceof PrimaryUnavailableException || !isConnectionFailure(s)) {
      return null;
    }
    return committing ? new CommitOutcomeUnknownException(s)
        : new PrimaryUnavailableException("the connection broke during the write, which was not committed", s);
  }
}
