package dev.strata.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Chooses the replica for a read: healthy ones in the configured balancing order, for a session
 * token one that has replayed past it (waiting for the replay up to
 * {@link RoutingConfig#readYourWritesWait()}), and the primary, through {@link Fallback}, when no
 * replica will do. A replica that fails to connect leaves rotation through the {@link ReplicaMonitor}.
 */
final class ReplicaSelector {

  /** Where a read goes when no replica will do; {@code reason} is null when none is configured. */
  interface Fallback {
    Lease primaryForRead(String reason) throws SQLException;
  }

  private final RoutingConfig config;
  private final List<Replica> replicas;
  private final ReplicaMonitor monitor;
  private final Fallback fallback;
  private final AtomicInteger turn = new AtomicInteger();
  private final LongAdder replicaReads = new LongAdder();
  /** How often a read waiting out a primary outage looks at what the monitor knows. */
  private static final long OUTAGE_POLL_MILLIS = 20;

  ReplicaSelector(RoutingConfig config, List<Replica> replicas, ReplicaMonitor monitor, Fallback fallback) {
    this.config = config;
    this.replicas = replicas;
    this.monitor = monitor;
    this.fallback = fallback;
  }

  /** Reads routed to a replica so far. */
  long replicaReads() {
    return replicaReads.sum();
  }

  /**
   * A connection for a read: a healthy replica not in {@code skip}, one that has replayed past
   * {@code token} when there is one (waiting up to the configured bound), else the primary.
   */
  Lease leaseForRead(ConsistencyToken token, Set<Replica> skip, String reason) throws SQLException {
    List<Replica> order = rotation(skip);
    if (order.isEmpty()) {
      return fallback.primaryForRead(replicas.isEmpty() ? null : "no healthy replica");
    }
    if (token != null) {
      for (Replica r : order) {
        if (r.satisfies(token)) {
          Lease lease = connect(r);
          if (lease != null) {
            return routed(lease, reason + ", token reached");
          }
        }
      }
      long waitMillis = config.readYourWritesWait().toMillis();
      for (Replica r : order) {
        if (r.lagMillis >= waitMillis && r.lagMillis > 0) {
          // at the last check it replayed what the primary wrote that many ms earlier: a write made
          // just now cannot be there within the wait, so waiting would only delay the read
          continue;
        }
        Lease lease = connect(r);
        if (lease == null) {
          continue;
        }
        if (awaitReplay(lease, token)) {
          return routed(lease, reason + ", token reached after a wait");
        }
        lease.release(config.name());
        return primaryOrCaughtUpReplica(token, skip, reason, "replica behind the session's token");
      }
      return primaryOrCaughtUpReplica(token, skip, reason, "no healthy replica could reach the session's token in time");
    }
    for (Replica r : order) {
      Lease lease = connect(r);
      if (lease != null) {
        return routed(lease, reason);
      }
    }
    return fallback.primaryForRead("every healthy replica failed to connect");
  }

  /**
   * The primary for a session read no replica can serve yet; while the primary is unavailable, a
   * healthy replica once the monitor has seen it replay past {@code token} (within
   * {@link RoutingConfig#primaryOutageReadWait()}, holding no connection meanwhile), or the primary
   * once its circuit closes. The read fails only when neither comes within the wait.
   */
  private Lease primaryOrCaughtUpReplica(ConsistencyToken token, Set<Replica> skip, String reason, String fallbackReason)
      throws SQLException {
    PrimaryUnavailableException unavailable;
    try {
      return fallback.primaryForRead(fallbackReason);
    } catch (PrimaryUnavailableException e) {
      unavailable = e;
    }
    long waitNanos = config.primaryOutageReadWait().toNanos();
    long deadline = System.nanoTime() + waitNanos;
    boolean primaryWasDown = monitor.primaryDown() != null;
    while (waitNanos > 0 && System.nanoTime() - deadline < 0) {
      for (Replica r : rotation(skip)) {
        if (r.satisfies(token)) {
          Lease lease = connect(r);
          if (lease != null) {
            return routed(lease, reason + ", token reached while the primary was unavailable");
          }
        }
      }
      boolean primaryDown = monitor.primaryDown() != null;
      if (primaryWasDown && !primaryDown) { // the probe reached it again: try it once more
        try {
          return fallback.primaryForRead(fallbackReason + ", after the primary came back");
        } catch (PrimaryUnavailableException e) {
          unavailable = e;
          primaryDown = monitor.primaryDown() != null;
        }
      }
      primaryWasDown = primaryDown;
      try {
        TimeUnit.MILLISECONDS.sleep(OUTAGE_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (waitNanos > 0) {
      unavailable.addSuppressed(new SQLException("no healthy replica replayed the session's token within "
          + config.primaryOutageReadWait().toMillis() + " ms (primaryOutageReadWait) either"));
    }
    throw unavailable;
  }

  /** Healthy replicas not skipped, in the configured balancing order. */
  private List<Replica> rotation(Set<Replica> skip) {
    int n = replicas.size();
    List<Replica> order = new ArrayList<>(n);
    if (n == 0) {
      return order;
    }
    int start = Math.floorMod(turn.getAndIncrement(), n);
    for (int i = 0; i < n; i++) {
      Replica r = replicas.get((start + i) % n);
      if (r.healthy && (skip == null || !skip.contains(r))) {
        order.add(r);
      }
    }
    if (config.balancing() == RoutingConfig.Balancing.LEAST_CONNECTIONS && order.size() > 1) {
      order.sort(Comparator.comparingInt(r -> r.active.get())); // stable: ties keep round-robin order
    }
    return order;
  }

  private Lease routed(Lease lease, String reason) {
    replicaReads.increment();
    config.listener().onRoute(lease.target(), reason);
    return lease;
  }

  /**
   * A connection to {@code r} with the replica read timeout set, or null when it cannot be had: the
   * pool failed ({@code r} leaves rotation), or {@code r} was found unreachable while this read waited
   * for the pool (the wait is abandoned, so no read waits out the pool's timeout for a dead replica).
   */
  private Lease connect(Replica r) {
    Replica.Acquisition wait = r.beginAcquire();
    if (wait == null) {
      return null;
    }
    r.active.incrementAndGet();
    Connection c = null;
    try {
      c = r.dataSource.getConnection();
    } catch (SQLException e) {
      if (!r.endAcquire(wait)) {
        monitor.setHealth(r, false, "connect failed: " + e.getMessage(), Failures.isConnectionFailure(e));
      }
      r.active.decrementAndGet();
      return null;
    }
    if (r.endAcquire(wait)) { // found unreachable while we waited, yet the pool answered: do not use it
      new Lease(c, r).release(config.name());
      return null;
    }
    try {
      return new Lease(c, r, readTimeout(c));
    } catch (SQLException e) {
      new Lease(c, r).release(config.name());
      monitor.setHealth(r, false, "setting the read timeout failed: " + e.getMessage(), Failures.isConnectionFailure(e));
      return null;
    }
  }

  /**
   * Sets the replica read timeout on {@code c} unless it has a shorter one of its own; returns the
   * timeout to restore on release, or -1.
   */
  private int readTimeout(Connection c) throws SQLException {
    long ms = config.replicaReadTimeout().toMillis();
    if (ms == 0) {
      return -1;
    }
    int previous = c.getNetworkTimeout();
    if (previous > 0 && previous <= ms) {
      return -1; // the host bounded it already (pgjdbc socketTimeout): nothing to do per read
    }
    c.setNetworkTimeout(Runnable::run, (int) ms); // pgjdbc applies it to the socket at once; the executor is unused
    return previous;
  }

  /** Polls the replica's replay position until it reaches {@code token} or the wait bound passes. */
  private boolean awaitReplay(Lease lease, ConsistencyToken token) {
    long deadline = System.nanoTime() + config.readYourWritesWait().toNanos();
    long sleepMillis = 1;
    try (Statement st = lease.connection().createStatement()) {
      while (true) {
        try (ResultSet rs = st.executeQuery(ReplicaMonitor.REPLAY_LSN_SQL)) {
          rs.next();
          String lsn = rs.getString(1);
          if (lsn == null) {
            return false; // not a standby (promoted): its positions are not comparable with the token
          }
          lease.replica().sawReplay(ConsistencyToken.parseLsn(lsn));
        }
        if (lease.replica().satisfies(token)) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.MILLISECONDS.sleep(Math.min(sleepMillis, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
        sleepMillis = Math.min(sleepMillis * 2, 10);
      }
    } catch (SQLException e) {
      if (Failures.isConnectionFailure(e)) {
        monitor.setHealth(lease.replica(), false, "failed while checking its replay position: " + e.getMessage(), true);
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
