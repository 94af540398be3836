package dev.strata.cache.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The L1 of an instance without one: nothing is kept or served. Its only state is the count of this
 * instance's writes and invalidations, the fill ticket of every key: it tells a load that began before
 * one of them from one after it. As the {@link Coherence} target it has nothing to drop (such an
 * instance publishes its invalidations but does not subscribe).
 */
final class NoLocalTier implements L1 {

  /** Without L1, what tells a load that began before one of this instance's writes from one after it. */
  private final AtomicLong writes = new AtomicLong();

  @Override
  public boolean present() {
    return false;
  }

  @Override
  public LocalTier.Entry usable(Object lk, String group, Class<?> raw) {
    return null;
  }

  @Override
  public long seq(Object lk) {
    return writes.get();
  }

  @Override
  public void fill(Object lk, Object value, long generation, long expireAtMs, int deltaMs, long drawFromMs, long seq) {}

  @Override
  public long knownGeneration(String group) {
    return -1;
  }

  @Override
  public long size() {
    return 0;
  }

  @Override
  public void noteGeneration(String group, long generation) {}

  @Override
  public void invalidate(Object lk) {
    writes.incrementAndGet();
  }

  @Override
  public void dropMatching(String pattern) {
    writes.incrementAndGet();
  }

  @Override
  public void groupInvalidated(String group, boolean inRedis) {
    writes.incrementAndGet(); // no generation to compare: loads that began before are not joined
  }

  @Override
  public void clear() {}

  // ---------------------------------------------------------------- what other instances tell us: nothing to drop

  @Override
  public void removeKey(String group, String name) {}

  @Override
  public void generation(String group, long generation) {}

  @Override
  public void removeMatching(String pattern) {}

  @Override
  public void clearAll(String reason) {}
}
