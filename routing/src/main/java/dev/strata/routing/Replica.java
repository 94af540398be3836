package dev.strata.routing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
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
  /** The monitor's check in progress or last finished; a stuck one is not started again. */
  volatile Future<?> check;
  /** Reads waiting in this replica's pool for a connection. */
  private final Set<Acquisition> acquiring = ConcurrentHashMap.newKeySet();

  /**
   * One read's wait for a pool connection. If the replica is found unreachable meanwhile, the
   * waiting thread is interrupted (pools such as HikariCP then give up the wait with an exception)
   * and the interrupt is cleared again by {@link #endAcquire}: it was the router's, not the caller's.
   */
  static final class Acquisition {
    private static final int WAITING = 0;
    private static final int DONE = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;
    private final Thread thread = Thread.currentThread();
    private final AtomicInteger state = new AtomicInteger(WAITING);

    boolean abandoned() {
      return state.get() >= INTERRUPTING;
    }
  }

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

  /**
   * Registers the calling thread's wait for a connection; null if the replica left rotation
   * meanwhile. Registering before reading {@code healthy} (which {@link #abandonAcquisitions} reads
   * in the other order) means a wait is either seen by the sweep or never started.
   */
  Acquisition beginAcquire() {
    Acquisition a = new Acquisition();
    acquiring.add(a);
    if (!healthy) {
      acquiring.remove(a);
      return null;
    }
    return a;
  }

  /** Ends a wait; returns whether it was abandoned (and clears the router's interrupt if so). */
  boolean endAcquire(Acquisition a) {
    acquiring.remove(a);
    if (a.state.compareAndSet(Acquisition.WAITING, Acquisition.DONE)) {
      return false;
    }
    while (a.state.get() != Acquisition.INTERRUPTED) {
      Thread.onSpinWait(); // the sweep is between its compareAndSet and interrupt(): nanoseconds
    }
    Thread.interrupted();
    return true;
  }

  /** Interrupts every read waiting for one of this replica's connections (it was found unreachable). */
  void abandonAcquisitions() {
    for (Acquisition a : acquiring) {
      if (a.state.compareAndSet(Acquisition.WAITING, Acquisition.INTERRUPTING)) {
        a.thread.interrupt();
        a.state.set(Acquisition.INTERRUPTED);
      }
    }
  }

  boolean satisfies(ConsistencyToken token) {
    long lsn = replayLsn.get();
    return lsn != UNKNOWN && token.isSatisfiedBy(lsn);
  }

  RoutingStats.ReplicaStatus status() {
    return new RoutingStats.ReplicaStatus(healthy, lagBytes, lagMillis, active.get());
  }
}
