package dev.strata.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the primary's WAL position and every replica's replay position, lag and reachability on a
 * schedule, and moves replicas in and out of rotation. It also keeps the primary's circuit: after a
 * connection-level failure on the primary, writes fail fast until a probe reaches it again.
 *
 * <p>Every check runs on a pool thread and is awaited for at most {@code checkTimeout}: a server that
 * hangs (frozen, or a pool waiting for a connection to a dead host) is judged unreachable then, and
 * its stuck check is not started again until it ends.
 */
final class ReplicaMonitor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);

  static final String PRIMARY_LSN_SQL = "SELECT pg_current_wal_lsn()::text";
  static final String REPLAY_LSN_SQL = "SELECT pg_last_wal_replay_lsn()::text";
  /*
   * Time lag. now() - pg_last_xact_replay_timestamp() grows without bound on an idle primary (nothing
   * new to replay), so it counts only while the replica has received WAL it has not replayed; a
   * replica that has replayed all it received is 0 ms behind. Even then, right after an idle spell
   * that formula jumps to the length of the spell (the last replayed commit is old) although the
   * replica is only milliseconds behind, so the monitor also keeps its own measure — how long ago the
   * primary was at a position the replica has still not replayed — and takes the smaller of the two.
   */
  static final String REPLICA_SQL = "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
      + "CASE WHEN pg_last_wal_receive_lsn() IS NOT NULL AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
      + "ELSE COALESCE((extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::bigint, 0) END";
  private static final int MAX_SAMPLES = 10_000;

  private final RoutingConfig config;
  private final List<Replica> replicas;
  private final ScheduledExecutorService scheduler;
  private final java.util.concurrent.ExecutorService checks;
  private volatile boolean primaryReachable = true;
  /** Why the primary's circuit is open, or null while it is closed. */
  private volatile SQLException primaryDown;
  private volatile long primaryDownSince;
  private java.util.concurrent.Future<Long> primaryProbe;
  /** The primary's WAL position at recent checks, oldest first: {lsn, nanoTime}. */
  private final java.util.ArrayDeque<long[]> samples = new java.util.ArrayDeque<>();

  ReplicaMonitor(RoutingConfig config, List<Replica> replicas) {
    this.config = config;
    this.replicas = replicas;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "strata-routing-" + config.name());
      t.setDaemon(true);
      return t;
    });
    this.checks = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "strata-routing-" + config.name() + "-check");
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    long period = config.checkInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::checkSafely, 0, period, TimeUnit.MILLISECONDS);
  }

  boolean primaryReachable() {
    return primaryReachable;
  }

  private void checkSafely() {
    try {
      checkNow();
    } catch (RuntimeException e) {
      log.warn("[{}] replica check failed unexpectedly", config.name(), e);
    }
  }

  /** One full check; serialized with the scheduled ones. With no replicas, only a probe of a primary marked down. */
  synchronized void checkNow() {
    if (replicas.isEmpty() && primaryDown == null) {
      return;
    }
    long primaryLsn = probePrimary();
    if (primaryLsn != Replica.UNKNOWN) {
      synchronized (samples) {
        if (samples.isEmpty() || samples.peekLast()[0] != primaryLsn) {
          samples.addLast(new long[] {primaryLsn, System.nanoTime()});
        }
        if (samples.size() > MAX_SAMPLES) {
          samples.removeFirst();
        }
      }
    }
    List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>(replicas.size());
    for (Replica r : replicas) {
      java.util.concurrent.Future<?> f = r.check;
      if (f == null || f.isDone()) {
        f = checks.submit(() -> check(r, primaryLsn));
        r.check = f;
      }
      running.add(f);
    }
    long deadline = System.nanoTime() + config.checkTimeout().toNanos();
    for (int i = 0; i < replicas.size(); i++) {
      Replica r = replicas.get(i);
      if (!await(running.get(i), deadline)) {
        r.lagBytes = Replica.UNKNOWN;
        r.lagMillis = Replica.UNKNOWN;
        setHealth(r, false, "no answer to the health check within " + config.checkTimeout().toMillis() + " ms", true);
      }
    }
    pruneSamples();
  }

  /** Whether {@code f} ended by {@code deadline} (its own failures are handled inside it). */
  private static boolean await(java.util.concurrent.Future<?> f, long deadline) {
    try {
      f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("replica check failed unexpectedly", e.getCause());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Milliseconds since the primary was at a position after {@code replayLsn}; 0 if it never was, -1 if unknown. */
  private long observedLagMillis(long replayLsn) {
    synchronized (samples) {
      return observedLagMillisLocked(replayLsn);
    }
  }

  private long observedLagMillisLocked(long replayLsn) {
    if (samples.isEmpty()) {
      return Replica.UNKNOWN;
    }
    for (long[] s : samples) {
      if (Long.compareUnsigned(s[0], replayLsn) > 0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s[1]);
      }
    }
    return 0;
  }

  /** Drops samples every replica has replayed past, keeping the latest. */
  private void pruneSamples() {
    synchronized (samples) {
      pruneSamplesLocked();
    }
  }

  private void pruneSamplesLocked() {
    long minReplay = Long.MAX_VALUE;
    for (Replica r : replicas) {
      long lsn = r.replayLsn();
      if (lsn == Replica.UNKNOWN) {
        return;
      }
      minReplay = Math.min(minReplay, lsn);
    }
    while (samples.size() > 1 && Long.compareUnsigned(samples.peekFirst()[0], minReplay) <= 0) {
      samples.removeFirst();
    }
  }

  /**
   * The primary's WAL position, read within {@code checkTimeout}, or UNKNOWN. A success closes the
   * primary's circuit; a connection-level failure opens it. A probe that merely takes too long (a
   * busy pool) leaves the circuit as it is.
   */
  private long probePrimary() {
    java.util.concurrent.Future<Long> f = primaryProbe;
    if (f == null || f.isDone()) {
      f = checks.submit(this::primaryLsn);
      primaryProbe = f;
    }
    try {
      long lsn = f.get(config.checkTimeout().toNanos(), TimeUnit.NANOSECONDS);
      if (!primaryReachable) {
        log.info("[{}] primary reachable again", config.name());
      }
      primaryReachable = true;
      primaryUp();
      return lsn;
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException s && Failures.primaryIsDown(s)) {
        primaryFailed(s);
      }
      primaryUnreachable(cause.getMessage());
    } catch (java.util.concurrent.TimeoutException e) {
      primaryUnreachable("no answer within " + config.checkTimeout().toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Replica.UNKNOWN;
  }

  private void primaryUnreachable(String why) {
    if (primaryReachable) {
      log.warn("[{}] primary unreachable for the lag check; replicas are judged by reachability only: {}", config.name(), why);
    }
    primaryReachable = false;
  }

  private long primaryLsn() throws SQLException {
    try (Connection c = config.primary().getConnection()) {
      int restore = boundNetwork(c);
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PRIMARY_LSN_SQL)) {
        rs.next();
        return ConsistencyToken.parseLsn(rs.getString(1));
      } finally {
        restoreNetwork(c, restore);
      }
    }
  }

  /** Sets the check's network timeout on {@code c}; returns the one to restore, or -1. */
  private int boundNetwork(Connection c) throws SQLException {
    int ms = (int) config.checkTimeout().toMillis();
    int previous = c.getNetworkTimeout();
    if (previous == ms) {
      return -1;
    }
    c.setNetworkTimeout(Runnable::run, ms);
    return previous;
  }

  private static void restoreNetwork(Connection c, int previous) {
    if (previous >= 0) {
      try {
        c.setNetworkTimeout(Runnable::run, previous);
      } catch (SQLException e) {
        log.debug("could not restore a network timeout: {}", e.getMessage());
      }
    }
  }

  /** The primary's circuit: open means writes fail fast. */
  SQLException primaryDown() {
    return primaryDown;
  }

  long primaryDownSince() {
    return primaryDownSince;
  }

  /** Opens the primary's circuit after a connection-level failure (the first failure is kept as the cause). */
  void primaryFailed(SQLException cause) {
    if (primaryDown != null) {
      return;
    }
    synchronized (samples) { // any lock would do: opening must happen once
      if (primaryDown != null) {
        return;
      }
      primaryDownSince = System.nanoTime();
      primaryDown = cause;
    }
    log.warn("[{}] primary marked unavailable, writes fail fast until a probe reaches it: {}", config.name(), cause.getMessage());
    config.listener().onPrimaryAvailability(false, cause.getMessage());
  }

  private void primaryUp() {
    if (primaryDown == null) {
      return;
    }
    primaryDown = null;
    log.info("[{}] primary available again (probe succeeded)", config.name());
    config.listener().onPrimaryAvailability(true, "probe succeeded");
  }

  private void check(Replica r, long primaryLsn) {
    boolean inRecovery;
    String replay;
    long lagMillis;
    try (Connection c = r.dataSource.getConnection()) {
      int restore = boundNetwork(c);
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(REPLICA_SQL)) {
        rs.next();
        inRecovery = rs.getBoolean(1);
        replay = rs.getString(2);
        lagMillis = rs.getLong(3);
      } finally {
        restoreNetwork(c, restore);
      }
    } catch (SQLException e) {
      r.lagBytes = Replica.UNKNOWN;
      r.lagMillis = Replica.UNKNOWN;
      setHealth(r, false, "unreachable: " + e.getMessage(), true);
      return;
    }
    long lagBytes = Replica.UNKNOWN;
    if (replay != null) {
      long replayLsn = ConsistencyToken.parseLsn(replay);
      r.sawReplay(replayLsn);
      if (primaryLsn != Replica.UNKNOWN) {
        lagBytes = Math.max(0, primaryLsn - replayLsn);
      }
      long observed = observedLagMillis(replayLsn);
      if (lagMillis > 0 && observed != Replica.UNKNOWN) {
        lagMillis = Math.min(lagMillis, observed);
      }
    }
    if (!inRecovery) {
      lagMillis = 0; // promoted: it is a primary now and serves current data
    }
    r.lagBytes = lagBytes;
    r.lagMillis = lagMillis;
    config.listener().onLag(r.name, lagBytes, lagMillis);
    if (lagBytes > config.maxLagBytes()) {
      setHealth(r, false, "lag " + lagBytes + " bytes > maxLagBytes " + config.maxLagBytes());
    } else if (lagMillis > config.maxLagTime().toMillis()) {
      setHealth(r, false, "lag " + lagMillis + " ms > maxLagTime " + config.maxLagTime().toMillis() + " ms");
    } else {
      setHealth(r, true, lagBytes == Replica.UNKNOWN ? "reachable (primary lag unknown)" : "lag within bounds");
    }
  }

  /** Moves a replica in or out of rotation, logging and notifying only on a change. */
  void setHealth(Replica r, boolean healthy, String reason) {
    setHealth(r, healthy, reason, false);
  }

  /**
   * As {@link #setHealth(Replica, boolean, String)}; when {@code unreachable}, reads still waiting
   * for one of its pool's connections stop waiting and go elsewhere.
   */
  void setHealth(Replica r, boolean healthy, String reason, boolean unreachable) {
    r.reason = reason;
    if (r.healthy == healthy) {
      return;
    }
    synchronized (r) {
      if (r.healthy == healthy) {
        return;
      }
      r.healthy = healthy;
    }
    if (!healthy && unreachable) {
      r.abandonAcquisitions(); // after healthy is false: see Replica.beginAcquire
    }
    if (healthy) {
      log.info("[{}] replica {} back in rotation: {}", config.name(), r.name, reason);
    } else {
      log.warn("[{}] replica {} out of rotation: {}", config.name(), r.name, reason);
    }
    config.listener().onHealthChange(r.name, healthy, reason);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    checks.shutdownNow();
  }
}
