package dev.strata.core.tx;

import dev.strata.core.StrataException;

/**
 * The connection failed during the commit: the transaction may or may not have committed. Neither
 * after-commit nor after-rollback callbacks ran. {@link #changes()} says what would have changed, so
 * a caller can invalidate caches anyway (a needless invalidation costs a miss, a missing one a stale
 * read) before retrying idempotently or reporting the failure.
 */
public final class InDoubtCommitException extends StrataException {

  private static final long serialVersionUID = 1L;
  private final transient ChangeSet changes;

  InDoubtCommitException(String message, ChangeSet changes, Throwable cause) {
    super(message, cause);
    this.changes = changes;
  }

  /** What the unit of work declared it changed. */
  public ChangeSet changes() {
    return changes;
  }
}
