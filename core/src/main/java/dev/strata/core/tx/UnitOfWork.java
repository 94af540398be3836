package dev.strata.core.tx;

import dev.strata.core.internal.Args;
import java.util.ArrayList;
import java.util.List;

/**
 * What a transaction run by {@link Transactor} collects while it runs: callbacks for after its
 * commit and after its rollback, and the {@link ChangeSet} of what it changed.
 *
 * <p>Callbacks registered with {@link #afterCommit} run once, on the thread that ran the unit of
 * work, after the commit succeeded and the connection was given back; never before the commit,
 * never after a rollback, never twice. {@link #afterRollback} callbacks run once after a rollback.
 * A callback that throws is logged and counted ({@link Transactor#callbackFailures()}) and does not
 * stop the others nor change the outcome reported to the caller. Registering anything once the unit
 * of work has completed is an {@link IllegalStateException}.
 *
 * <p>Confined to the thread running the work.
 */
public final class UnitOfWork {

  enum State { OPEN, COMMITTED, ROLLED_BACK, IN_DOUBT }

  private final List<Runnable> afterCommit = new ArrayList<>();
  private final List<Runnable> afterRollback = new ArrayList<>();
  private final ChangeSet.Builder changes = new ChangeSet.Builder();
  private State state = State.OPEN;

  UnitOfWork() {}

  /** Runs {@code callback} after the transaction commits (and never if it does not). */
  public UnitOfWork afterCommit(Runnable callback) {
    Args.notNull(callback, "callback");
    checkOpen();
    afterCommit.add(callback);
    return this;
  }

  /** Runs {@code callback} after the transaction rolls back (and never if it commits). */
  public UnitOfWork afterRollback(Runnable callback) {
    Args.notNull(callback, "callback");
    checkOpen();
    afterRollback.add(callback);
    return this;
  }

  /** Where the work declares what it changed; reported by {@link Committed#changes()} after commit. */
  public ChangeSet.Builder changed() {
    checkOpen();
    return changes;
  }

  private void checkOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("the unit of work has already completed (" + state + ")");
    }
  }

  /** Marks the outcome and hands out the callbacks to run, exactly once. */
  List<Runnable> complete(State outcome) {
    checkOpen();
    state = outcome;
    List<Runnable> run = switch (outcome) {
      case COMMITTED -> List.copyOf(afterCommit);
      case ROLLED_BACK -> List.copyOf(afterRollback);
      default -> List.of();
    };
    afterCommit.clear();
    afterRollback.clear();
    return run;
  }

  ChangeSet changeSet() {
    return changes.build();
  }

  State state() {
    return state;
  }
}
