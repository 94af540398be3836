package dev.strata.core.tx;

import dev.strata.core.StrataException;

/**
 * The database connection failed before the commit — no connection could be had (the primary is
 * down: the cause is then the router's {@code PrimaryUnavailableException} or the pool's timeout),
 * or the server went away during the work. Nothing was committed, no after-commit callback or
 * listener ran (after-rollback callbacks did, if the work had started), and the unit of work may be
 * retried. A failure during the commit itself is an {@link InDoubtCommitException} instead. The
 * driver's exception is the cause.
 */
public final class DatabaseUnavailableException extends StrataException {

  private static final long serialVersionUID = 1L;

  DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
