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
 * schedule, and moves replicas in and out of rotation.
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
  private volatile boolean primaryReachable = true;
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

  /** One full check; serialized with the scheduled ones. */
  synchronized void checkNow() {
    long primaryLsn = primaryLsn();
    if (primaryLsn != Replica.UNKNOWN) {
      if (samples.isEmpty() || samples.peekLast()[0] != primaryLsn) {
        samples.addLast(new long[] {primaryLsn, System.nanoTime()});
      }
      if (samples.size() > MAX_SAMPLES) {
        samples.removeFirst();
      }
    }
    for (Replica r : replicas) {
      check(r, primaryLsn);
    }
    pruneSamples();
  }

  /** Milliseconds since the primary was at a position after {@code replayLsn}; 0 if it never was, -1 if unknown. */
  private long observedLagMillis(long replayLsn) {
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

  private long primaryLsn() {
    try (Connection c = config.primary().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(PRIMARY_LSN_SQL)) {
      rs.next();
      if (!primaryReachable) {
        log.info("[{}] primary reachable again", config.name());
      }
      primaryReachable = true;
      return ConsistencyToken.parseLsn(rs.getString(1));
    } catch (SQLException e) {
      if (primaryReachable) {
        log.warn("[{}] primary unreachable for the lag check; replicas are judged by reachability only: {}", config.name(), e.getMessage());
      }
      primaryReachable = false;
      return Replica.UNKNOWN;
    }
  }

  private void check(Replica r, long primaryLsn) {
    boolean inRecovery;
    String replay;
    long lagMillis;
    try (Connection c = r.dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(REPLICA_SQL)) {
      rs.next();
      inRecovery = rs.getBoolean(1);
      replay = rs.getString(2);
      lagMillis = rs.getLong(3);
    } catch (SQLException e) {
      r.lagBytes = Replica.UNKNOWN;
      r.lagMillis = Replica.UNKNOWN;
      setHealth(r, false, "unreachable: " + e.getMessage());
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
  }
}
