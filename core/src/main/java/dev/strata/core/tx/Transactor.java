package dev.strata.core.tx;

import dev.strata.core.internal.Args;
import dev.strata.core.StrataException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work: one transaction each, over a Jdbi handle it opens or over a caller's
 * {@link Connection}, with after-commit and after-rollback callbacks and a {@link ChangeSet}.
 *
 * <pre>{@code
 * Transactor tx = Transactor.builder().tokenCapture(TokenCapture.walInsertLsn())
 *     .afterEveryCommit(changes -> invalidateCaches(changes)).build();
 * Committed<Long> r = tx.inTransaction(jdbi, (h, unit) -> {
 *   long id = insertDraft(h, ventureId, ...);
 *   unit.changed().venture(ventureId, ownerId).entity("content_drafts", id);
 *   unit.afterCommit(() -> log.info("draft {} saved", id));
 *   return id;
 * });
 * r.value(); r.changes(); r.token();
 * }</pre>
 *
 * <p>Order after a successful commit: the token is read on the same connection, the connection is
 * given back (Jdbi variant), then the unit's after-commit callbacks run, then the
 * {@link Builder#afterEveryCommit} listeners. A failure in any of these after the commit is logged
 * and counted, never thrown: the caller learns the write committed, so it does not retry it.
 *
 * <p>Units of work do not nest: work must not start another one on the same connection. Thread-safe.
 */
public final class Transactor {

  private static final Logger log = LoggerFactory.getLogger(Transactor.class);

  private final TokenCapture tokenCapture;
  private final List<CommitListener> listeners;
  private final LongAdder callbackFailures = new LongAdder();
  private final LongAdder tokenFailures = new LongAdder();

  private Transactor(Builder b) {
    this.tokenCapture = b.tokenCapture;
    this.listeners = List.copyOf(b.listeners);
  }

  /** A builder: no token capture, no listeners. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens a handle on {@code jdbi}, runs {@code work} in a transaction and commits it; rolls back
   * and rethrows when the work throws (a checked exception wrapped in {@link StrataException}).
   *
   * @throws InDoubtCommitException if the connection failed during the commit
   * @throws DatabaseUnavailableException if no connection could be had, or it failed before the commit
   */
  public <T> Committed<T> inTransaction(Jdbi jdbi, TransactionWork<Handle, T> work) {
    Args.notNull(jdbi, "jdbi");
    Args.notNull(work, "work");
    UnitOfWork unit = new UnitOfWork();
    T value;
    Optional<String> token;
    boolean committing = false;
    try (Handle h = jdbi.open()) {
      h.begin();
      value = runOrRollBack(unit, work, h, h::rollback);
      committing = true;
      commit(unit, h::commit);
      token = captureToken(h.getConnection());
    } catch (RuntimeException e) {
      throw committing ? e : unavailableIfDisconnected(e);
    }
    return completed(unit, value, token);
  }

  /**
   * A connection failure before the commit (Jdbi's exception around the driver's or the router's) as
   * a {@link DatabaseUnavailableException}; anything else, and Strata's own exceptions (an
   * {@link InDoubtCommitException} among them), as it is.
   */
  private static RuntimeException unavailableIfDisconnected(RuntimeException e) {
    if (e instanceof StrataException || !isConnectionFailure(e)) {
      return e;
    }
    return new DatabaseUnavailableException("the unit of work failed before its commit, the database connection "
        + "failed; nothing was committed: " + e.getMessage(), e);
  }

  /**
   * Runs {@code work} in a transaction on {@code connection} and commits it (whatever the connection
   * held uncommitted before is committed with it); autocommit is turned off for the work and
   * restored afterwards, also on failure. The connection stays open. Inside
   * {@code RoutingDataSource.write(c -> ...)} the commit is real, the router's own commit then
   * finds nothing to do.
   *
   * @throws InDoubtCommitException if the connection failed during the commit
   */
  public <T> Committed<T> inTransaction(Connection connection, TransactionWork<Connection, T> work) {
    Args.notNull(connection, "connection");
    Args.notNull(work, "work");
    UnitOfWork unit = new UnitOfWork();
    T value;
    Optional<String> token;
    boolean wasAutoCommit = getAutoCommit(connection);
    try {
      if (wasAutoCommit) {
        sql(() -> connection.setAutoCommit(false), "turning autocommit off");
      }
      value = runOrRollBack(unit, work, connection, connection::rollback);
      commit(unit, connection::commit);
    } finally {
      if (wasAutoCommit) {
        restoreAutoCommit(connection);
      }
    }
    token = captureToken(connection);
    return completed(unit, value, token);
  }

  /** Callbacks and listeners that threw since this transactor was built. */
  public long callbackFailures() {
    return callbackFailures.sum();
  }

  /** Token captures that failed after a commit (the write committed; its token is empty). */
  public long tokenFailures() {
    return tokenFailures.sum();
  }

  private interface SqlAction {
    void run() throws Exception;
  }

  private <C, T> T runOrRollBack(UnitOfWork unit, TransactionWork<C, T> work, C on, SqlAction rollback) {
    try {
      return work.run(on, unit);
    } catch (Throwable t) {
      try {
        rollback.run();
      } catch (Exception r) {
        t.addSuppressed(r); // the server drops an uncommitted transaction with its connection anyway
      }
      runCallbacks(unit.complete(UnitOfWork.State.ROLLED_BACK), "after-rollback");
      throw rethrow(t);
    }
  }

  private void commit(UnitOfWork unit, SqlAction commit) {
    try {
      commit.run();
    } catch (Exception e) {
      if (isConnectionFailure(e)) {
        unit.complete(UnitOfWork.State.IN_DOUBT);
        throw new InDoubtCommitException("the connection failed during the commit; the transaction may have committed: "
            + e.getMessage(), unit.changeSet(), e);
      }
      // PostgreSQL rolls back a transaction whose commit fails (serialization, deferred constraint)
      runCallbacks(unit.complete(UnitOfWork.State.ROLLED_BACK), "after-rollback");
      throw rethrow(e);
    }
  }

  private Optional<String> captureToken(Connection c) {
    if (tokenCapture == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(tokenCapture.capture(c));
    } catch (Exception e) {
      tokenFailures.increment();
      log.warn("the unit of work committed but its read-your-writes token could not be read; it reports none: {}",
          e.toString());
      return Optional.empty();
    }
  }

  private <T> Committed<T> completed(UnitOfWork unit, T value, Optional<String> token) {
    List<Runnable> callbacks = unit.complete(UnitOfWork.State.COMMITTED);
    ChangeSet changes = unit.changeSet();
    runCallbacks(callbacks, "after-commit");
    if (!listeners.isEmpty()) {
      List<Runnable> each = new ArrayList<>(listeners.size());
      listeners.forEach(l -> each.add(() -> l.committed(changes, token)));
      runCallbacks(each, "after-every-commit");
    }
    return new Committed<>(value, changes, token);
  }

  private void runCallbacks(List<Runnable> callbacks, String kind) {
    for (Runnable r : callbacks) {
      try {
        r.run();
      } catch (RuntimeException e) {
        callbackFailures.increment();
        log.warn("an {} callback failed; the transaction's outcome stands", kind, e);
      }
    }
  }

  private static boolean getAutoCommit(Connection c) {
    try {
      return c.getAutoCommit();
    } catch (SQLException e) {
      throw new StrataException("reading autocommit failed: " + e.getMessage(), e);
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      log.warn("could not restore autocommit on the connection: {}", e.toString());
    }
  }

  private static void sql(SqlAction action, String what) {
    try {
      action.run();
    } catch (Exception e) {
      throw new StrataException(what + " failed: " + e.getMessage(), e);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new StrataException("the unit of work failed: " + t, t);
  }

  /**
   * Connection-level failures: class 08, I/O, and class 57P — the server ending the session
   * (57P01 admin shutdown, 57P02 crash shutdown: "terminating connection due to unexpected postmaster
   * exit" when the primary is killed; 57P03 cannot connect now, during crash recovery). During a
   * commit the server may or may not have seen it.
   */
  public static boolean isConnectionFailure(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth++ < 32; t = t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
          || t instanceof java.io.IOException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  /** Builds a {@link Transactor}. */
  public static final class Builder {
    private TokenCapture tokenCapture;
    private final List<CommitListener> listeners = new ArrayList<>();

    private Builder() {}

    /** Reads a read-your-writes token after each commit (default: none). */
    public Builder tokenCapture(TokenCapture capture) {
      this.tokenCapture = Args.notNull(capture, "capture");
      return this;
    }

    /**
     * Calls {@code listener} with the change set of every committed unit of work, after the unit's
     * own callbacks; the place to bind cache invalidation. Not called on rollback.
     */
    public Builder afterEveryCommit(Consumer<ChangeSet> listener) {
      Args.notNull(listener, "listener");
      listeners.add((changes, token) -> listener.accept(changes));
      return this;
    }

    /**
     * Calls {@code listener} with the change set and the read-your-writes token of every committed
     * unit of work, after the unit's own callbacks, in registration order with the
     * {@link #afterEveryCommit} listeners. The token is what this transactor's {@link TokenCapture} read
     * after the commit: the position a cache fence needs. Not called on rollback.
     */
    public Builder onCommitted(CommitListener listener) {
      listeners.add(Args.notNull(listener, "listener"));
      return this;
    }

    /** The transactor. */
    public Transactor build() {
      return new Transactor(this);
    }
  }
}
