package dev.strata.core.events;

import dev.strata.core.StrataException;

/**
 * An append stated the version it expected an aggregate to be at, and the aggregate had moved on
 * (another writer appended first). Nothing was written; reload and decide again.
 */
public final class VersionConflictException extends StrataException {

  private static final long serialVersionUID = 1L;
  private final EventStream stream;
  private final long entityId;
  private final long expected;
  private final long actual;

  VersionConflictException(EventStream stream, long entityId, long expected, long actual) {
    super("version conflict on aggregate " + stream.column() + "/" + entityId + ": expected version " + expected
        + ", actual version " + actual);
    this.stream = stream;
    this.entityId = entityId;
    this.expected = expected;
    this.actual = actual;
  }

  /** The aggregate's stream. */
  public EventStream stream() {
    return stream;
  }

  /** The aggregate's entity id. */
  public long entityId() {
    return entityId;
  }

  /** The version the append expected. */
  public long expected() {
    return expected;
  }

  /** The version the aggregate was at. */
  public long actual() {
    return actual;
  }
}
