package dev.strata.routing;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DataSource} that sends writes to a primary and reads to streaming replicas that are
 * healthy and close enough behind, with read-your-writes by WAL position.
 *
 * <p>Three ways to say what a connection is for:
 * <ul>
 *   <li><b>explicitly</b>: {@link #read(SqlWork)} / {@link #write(SqlWork)}, or the thread-bound
 *       {@link #readScope()} / {@link #writeScope()} for code that calls {@link #getConnection()}
 *       itself (Jdbi, Spring);</li>
 *   <li><b>by {@link Connection#setReadOnly(boolean) setReadOnly(true)}</b>: connections from
 *       {@link #getConnection()} are chosen at their first statement, so a read-only flag set after
 *       {@code getConnection()} (Spring's {@code @Transactional(readOnly = true)}) routes to a replica;</li>
 *   <li><b>by statement</b>, when {@link RoutingConfig.Builder#routeByStatement(boolean)} is on: an
 *       autocommit connection whose first statement is a plain {@code SELECT} goes to a replica.</li>
 * </ul>
 * Anything else, anything in a write scope or transaction, and locking reads ({@code SELECT ... FOR
 * UPDATE/SHARE}) go to the primary. With no healthy replica, reads go to the primary.
 *
 * <p>The router does not own the pools; {@link #close()} stops its background checker only.
 */
public final class RoutingDataSource implements DataSource, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RoutingDataSource.class);

  private final RoutingConfig config;
  private final List<Replica> replicas;
  private final ReplicaMonitor monitor;
  private final LongAdder primaryReads = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();
  private final ReplicaSelector selector;
  private final SessionTokens sessions;

  private RoutingDataSource(RoutingConfig config) {
    this.config = config;
    List<Replica> list = new ArrayList<>();
    config.replicas().forEach((name, ds) -> list.add(new Replica(name, ds)));
    this.replicas = List.copyOf(list);
    this.monitor = new ReplicaMonitor(config, replicas);
    this.selector = new ReplicaSelector(config, replicas, monitor, this::primaryForRead);
    this.sessions = new SessionTokens(config);
  }

  /**
   * A router over {@code config}'s pools; starts the background health and lag checker (a daemon
   * thread), whose first check runs at once. Replicas are in rotation until a check says otherwise.
   */
  public static RoutingDataSource create(RoutingConfig config) {
    Objects.requireNonNull(config, "config");
    RoutingDataSource router = new RoutingDataSource(config);
    router.monitor.start(); // with no replicas it only probes a primary marked unavailable
    log.info("[{}] routing over the primary and {} replica(s): {}", config.name(), router.replicas.size(), config.replicas().keySet());
    return router;
  }

  RoutingConfig config() {
    return config;
  }

  // ---- explicit API ---------------------------------------------------------------------------

  /**
   * Runs read-only {@code work} on a healthy replica, or on the primary when none is. If the replica
   * fails with a connection error (at connect time or during the work), it leaves rotation and the
   * work runs again elsewhere: {@code work} may run more than once and must only read.
   */
  public <T> T read(SqlWork<T> work) throws SQLException {
    return read(null, work);
  }

  /**
   * Runs {@code work} in a transaction on the primary: commits when it returns, rolls back when it
   * throws.
   *
   * @throws PrimaryUnavailableException if the primary cannot be reached within its pool's timeout
   */
  public <T> T write(SqlWork<T> work) throws SQLException {
    return write(null, work);
  }

  /** A thread-bound read scope for code that calls {@link #getConnection()}; see {@link RoutingScope}. */
  public RoutingScope readScope() {
    return RoutingScope.open(this, RoutingScope.Kind.READ, null);
  }

  /** A thread-bound write scope: every connection obtained on this thread goes to the primary. */
  public RoutingScope writeScope() {
    return RoutingScope.open(this, RoutingScope.Kind.WRITE, null);
  }

  /** A new unkeyed read-your-writes session, e.g. for one request or one unit of work. */
  public RoutingSession session() {
    return new RoutingSession(this, null);
  }

  /**
   * The read-your-writes session of {@code key} (e.g. {@code "user:42"}): its token is kept by the
   * router across calls and requests, for up to {@link RoutingConfig#maxSessions()} keys; when a key
   * is forgotten its token still holds as a floor for every session without one.
   */
  public RoutingSession session(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("key must not be blank");
    }
    return new RoutingSession(this, key);
  }

  /** Counters and the last known state of every replica. */
  public RoutingStats stats() {
    Map<String, RoutingStats.ReplicaStatus> states = new LinkedHashMap<>();
    for (Replica r : replicas) {
      states.put(r.name, r.status());
    }
    return new RoutingStats(primaryReads.sum(), selector.replicaReads(), writes.sum(), fallbacks.sum(), Map.copyOf(states));
  }

  /**
   * Whether the primary is taken as available: false from a connection-level failure on it until the
   * background probe (every {@link RoutingConfig#checkInterval()}) reaches it again. Meanwhile work
   * that needs the primary fails at once with {@link PrimaryUnavailableException}.
   */
  public boolean primaryAvailable() {
    return monitor.primaryDown() == null;
  }

  /** Runs a health and lag check now, on the calling thread (the background checker runs them anyway). */
  public void checkNow() {
    monitor.checkNow();
  }

  /** Stops the background checker. The pools stay open: they belong to the caller. */
  @Override
  public void close() {
    monitor.close();
  }

  // ---- DataSource -----------------------------------------------------------------------------

  /**
   * A connection routed at its first use (see the class comment); nothing is borrowed from a pool
   * until then, and closing it returns what was borrowed.
   */
  @Override
  public Connection getConnection() {
    return RoutedConnection.create(this);
  }

  /** Not supported: the pools carry the credentials. */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the router's pools carry the credentials; use getConnection()");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return config.primary().getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    config.primary().setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    config.primary().setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return config.primary().getLoginTimeout();
  }

  @Override
  public java.util.logging.Logger getParentLogger() {
    return java.util.logging.Logger.getLogger("dev.strata.routing");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("RoutingDataSource does not wrap " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  // ---- routing --------------------------------------------------------------------------------

  <T> T read(RoutingSession session, SqlWork<T> work) throws SQLException {
    Objects.requireNonNull(work, "work");
    ConsistencyToken token = session == null ? null : session.currentToken();
    Set<Replica> failed = null; // allocated on the first failure only: the common read never needs it
    while (true) {
      Lease lease = leaseForRead(token, failed, "read");
      try {
        return work.run(lease.connection());
      } catch (SQLException e) {
        if (lease.replica() == null || !Failures.isConnectionFailure(e)) {
          throw e;
        }
        if (failed == null) {
          failed = new HashSet<>();
        }
        failed.add(lease.replica());
        replicaFailed(lease.replica(), e);
      } finally {
        release(lease);
      }
    }
  }

  <T> T write(RoutingSession session, SqlWork<T> work) throws SQLException {
    Objects.requireNonNull(work, "work");
    Lease lease = primaryForWrite("write");
    try {
      Connection c = lease.connection();
      boolean wasAutoCommit = c.getAutoCommit();
      T result;
      try {
        if (wasAutoCommit) {
          c.setAutoCommit(false);
        }
        boolean committing = false;
        try {
          result = work.run(c);
          committing = true;
          c.commit();
        } catch (Throwable t) {
          try {
            c.rollback();
          } catch (SQLException r) {
            t.addSuppressed(r);
          }
          SQLException broken = Failures.brokenConnection(t, committing);
          if (broken != null) {
            monitor.primaryFailed((SQLException) t);
            throw broken;
          }
          throw t;
        }
      } finally {
        if (wasAutoCommit) {
          restoreAutoCommit(c); // a pool that does not reset it would hand the next user a manual-commit connection
        }
      }
      // committed: from here on nothing may report the write as failed (a caller would retry it)
      if (session != null) {
        sessions.advanceAfterCommit(session, c);
      }
      return result;
    } finally {
      release(lease);
    }
  }

  private void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      log.warn("[{}] could not restore autocommit on a primary connection: {}", config.name(), e.getMessage());
    }
  }

  /** The primary, for a write or a locking read. */
  Lease primaryForWrite(String reason) throws SQLException {
    Lease lease = primary(reason);
    writes.increment();
    config.listener().onRoute(Lease.PRIMARY, reason);
    return lease;
  }

  private Lease primary(String why) throws SQLException {
    SQLException down = monitor.primaryDown();
    if (down != null) {
      long ago = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - monitor.primaryDownSince());
      throw new PrimaryUnavailableException(why + "; marked unavailable " + ago + " ms ago, probed every "
          + config.checkInterval().toMillis() + " ms", down);
    }
    try {
      return new Lease(config.primary().getConnection(), null);
    } catch (SQLException e) {
      if (Failures.primaryIsDown(e)) {
        monitor.primaryFailed(e);
      }
      throw new PrimaryUnavailableException(why, e);
    }
  }

  /**
   * A connection for a read: a healthy replica not in {@code skip}, one that has replayed past
   * {@code token} when there is one (waiting up to the configured bound), else the primary.
   */
  Lease leaseForRead(ConsistencyToken token, Set<Replica> skip, String reason) throws SQLException {
    return selector.leaseForRead(token, skip, reason);
  }

  private Lease primaryForRead(String fallbackReason) throws SQLException {
    Lease lease = primary(fallbackReason == null ? "read, no replicas configured" : "read fallback: " + fallbackReason);
    primaryReads.increment();
    if (fallbackReason != null) {
      fallbacks.increment();
      config.listener().onFallback(fallbackReason);
    }
    config.listener().onRoute(Lease.PRIMARY, fallbackReason == null ? "read" : "fallback: " + fallbackReason);
    return lease;
  }

  int replicaCount() {
    return replicas.size();
  }

  /** A replica failed under a read: out of rotation until the checker finds it healthy. */
  void replicaFailed(Replica replica, Throwable e) {
    monitor.setHealth(replica, false, "failed during a read: " + e.getMessage(), true);
    log.debug("[{}] read on replica {} failed; retrying elsewhere", config.name(), replica.name);
  }

  void release(Lease lease) {
    lease.release(config.name());
  }

  /** The keyed sessions' tokens. */
  SessionTokens sessions() {
    return sessions;
  }

  /** The configured name, the prefix of this router's log lines. */
  String name() {
    return config.name();
  }

  @Override
  public String toString() {
    return "RoutingDataSource[" + config.name() + ", replicas=" + config.replicas().keySet() + "]";
  }
}
