package dev.strata.cache.internal;

import dev.strata.cache.CacheListener;
import dev.strata.cache.CacheStats;
import dev.strata.cache.CacheTier;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cache's counters, forwarded to its {@link CacheListener}; a throwing listener is logged and ignored. */
final class Stats {

  private static final Logger log = LoggerFactory.getLogger(Stats.class);

  private final String name;
  private final CacheListener listener;
  private final boolean listening;
  private final LongAdder l1Hits = new LongAdder();
  private final LongAdder l1Misses = new LongAdder();
  private final LongAdder l2Hits = new LongAdder();
  private final LongAdder l2Misses = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();
  private final LongAdder early = new LongAdder();
  private final LongAdder l2Errors = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder circuitOpens = new LongAdder();
  private final LongAdder l1Clears = new LongAdder();

  Stats(String name, CacheListener listener) {
    this.name = name;
    this.listener = listener;
    this.listening = listener != CacheListener.NONE;
  }

  void hit(CacheTier tier) {
    (tier == CacheTier.L1 ? l1Hits : l2Hits).increment();
    if (listening) {
      notify(() -> listener.onHit(tier));
    }
  }

  void miss(CacheTier tier) {
    (tier == CacheTier.L1 ? l1Misses : l2Misses).increment();
    if (listening) {
      notify(() -> listener.onMiss(tier));
    }
  }

  void load(long nanos, boolean success) {
    loads.increment();
    loadNanos.add(nanos);
    if (!success) {
      loadFailures.increment();
    }
    notify(() -> listener.onLoad(nanos, success));
  }

  void earlyRecompute() {
    early.increment();
    notify(listener::onEarlyRecompute);
  }

  void l2Error(String operation, Throwable e) {
    l2Errors.increment();
    notify(() -> listener.onL2Error(operation, e));
  }

  void rejected(String key, String reason) {
    rejected.increment();
    notify(() -> listener.onRejected(key, reason));
  }

  void eviction() {
    evictions.increment();
    notify(listener::onL1Eviction);
  }

  void circuitOpened() {
    circuitOpens.increment();
    notify(listener::onCircuitOpen);
  }

  void circuitClosed() {
    notify(listener::onCircuitClose);
  }

  void l1Cleared(String reason) {
    l1Clears.increment();
    notify(() -> listener.onL1Cleared(reason));
  }

  CacheStats snapshot() {
    return new CacheStats(l1Hits.sum(), l1Misses.sum(), l2Hits.sum(), l2Misses.sum(), loads.sum(), loadFailures.sum(),
        loadNanos.sum(), early.sum(), l2Errors.sum(), rejected.sum(), evictions.sum(), circuitOpens.sum(), l1Clears.sum());
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("[{}] cache listener threw {}; ignored", name, e.toString());
    }
  }
}
