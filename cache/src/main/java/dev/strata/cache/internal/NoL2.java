package dev.strata.cache.internal;

import dev.strata.cache.CacheKey;
import dev.strata.cache.ValueType;
import java.util.List;

/** The L2 of an L1-only cache: every read misses (uncounted), writes and invalidations stay local. */
final class NoL2 implements L2 {

  private final Stats stats;

  NoL2(Stats stats) {
    this.stats = stats;
  }

  @Override
  public boolean present() {
    return false;
  }

  /** A miss; an L1 entry that XFetch drew for early recomputation is recomputed now, nothing to ask. */
  @Override
  public Read read(CacheKey key, ValueType<?> type, LocalTier.Entry early, boolean mayRecompute, boolean withFence) {
    if (mayRecompute && early != null) {
      stats.earlyRecompute();
    }
    return Read.MISS;
  }

  @Override
  public Read awaitHolder(CacheKey key, ValueType<?> type, Read miss) {
    return miss;
  }

  @Override
  public boolean backingOff(Object lk) {
    return false;
  }

  @Override
  public void releaseLease(Object lk) {}

  @Override
  public boolean generationIs(String group, long generation) {
    return false;
  }

  @Override
  public long write(CacheKey key, byte[] bytes, long ttlMs) {
    return -1;
  }

  @Override
  public void store(CacheKey key, long generation, byte[] bytes, long ttlMs) {}

  @Override
  public void invalidateKey(String group, String name) {}

  @Override
  public boolean invalidateGroup(String group, long fence) {
    return false;
  }

  /** Nothing to patch: the group is invalidated in L1, as {@link #invalidateGroup} does. */
  @Override
  public List<GroupWrite> updateGroups(long fence, List<GroupSpec> groups) {
    return groups.stream().map(g -> GroupWrite.NOT_IN_REDIS).toList();
  }

  @Override
  public long invalidateMatching(String pattern) {
    return 0;
  }

  @Override
  public String describe() {
    return "";
  }

  @Override
  public void close() {}
}
