package dev.strata.routing;

import java.sql.SQLTransientConnectionException;

/**
 * The primary could not be reached for work that needs it (a write, a locking read, or a read whose
 * every replica is unavailable). SQLState {@code 08001}; the pool's exception is the cause.
 */
public final class PrimaryUnavailableException extends SQLTransientConnectionException {

  private static final long serialVersionUID = 1L;

  PrimaryUnavailableException(String why, Throwable cause) {
    super("Strata router: the primary is unavailable (" + why + "): " + cause.getMessage(), "08001", cause);
  }
}
