package dev.strata.routing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** One replica's pool and last known state. Written by the monitor and by routing; read lock-free. */
final class Replica {

  /** An unknown LSN or lag. */
  static final long UNKNOWN = -1;

  final String name;
  final DataSource dataSource;
  final AtomicInteger active = new AtomicInteger();
  private final AtomicLong replayLsn = new AtomicLong(UNKNOWN);
  volatile boolean healthy = true;
  volatile long lagBytes = UNKNOWN;
  volatile long lagMillis = UNKNOWN;
  volatile String reason = "not checked yet";

  Replica(String name, DataSource dataSource) {
    this.name = name;
    this.dataSource = dataSource;
  }

  long replayLsn() {
    return replayLsn.get();
  }

  /** Records a replay position seen on the replica; positions only move forward. */
  void sawReplay(long lsn) {
    replayLsn.accumulateAndGet(lsn, (a, b) -> a == UNKNOWN || Long.compareUnsigned(b, a) > 0 ? b : a);
  }

  boolean satisfies(ConsistencyToken token) {
    long lsn = replayLsn.get();
    return lsn != UNKNOWN && token.isSatisfiedBy(lsn);
  }

  RoutingStats.ReplicaStatus status() {
    return new RoutingStats.ReplicaStatus(healthy, lagBytes, lagMillis, active.get());
  }
}
