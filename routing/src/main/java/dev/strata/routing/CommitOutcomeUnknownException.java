package dev.strata.routing;

import java.sql.SQLException;

/**
 * The connection to the primary broke while a write was committing, so nobody on this side knows
 * whether the transaction committed (SQLState {@code 08007}, "transaction resolution unknown"). Do
 * not blindly retry a write that is not idempotent: check whether its effect is there first (or
 * make the write idempotent, e.g. with a unique request id). The driver's exception is the cause.
 */
public final class CommitOutcomeUnknownException extends SQLException {

  private static final long serialVersionUID = 1L;

  CommitOutcomeUnknownException(SQLException cause) {
    super("Strata router: the connection to the primary broke during COMMIT; the write may or may not have "
        + "committed: " + cause.getMessage(), "08007", cause);
  }
}
