package dev.strata.cache.internal;

import dev.strata.cache.CacheKey;
import dev.strata.cache.CacheLoader;
import dev.strata.cache.CacheStats;
import dev.strata.cache.FencedLoader;
import dev.strata.cache.GroupUpdate;
import dev.strata.cache.TieredCache;
import dev.strata.cache.ValueType;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link TieredCache} implementation: checks the arguments, then hands the call to the
 * {@link ReadPath} or the {@link WritePath}. Its parts, made by {@link TieredCacheFactory}: L1
 * ({@link LocalTier}, or {@link NoLocalTier}), L2 ({@link RedisL2} over {@link RedisTier} holding
 * {@link Envelope}s, with {@link Invalidator} and {@link Coherence} between instances; or
 * {@link NoL2}). A load writes to Redis under the group generation it read, so a value loaded before a
 * group invalidation lands in the dead generation.
 */
final class DefaultTieredCache implements TieredCache {

  private final CacheSettings s;
  private final Stats stats;
  private final L1 l1;
  private final L2 l2;
  private final ReadPath reads;
  private final WritePath writes;
  private volatile boolean closed;

  /** Made by {@link TieredCacheFactory}. */
  DefaultTieredCache(CacheSettings settings, Stats stats, L1 l1, L2 l2, Fences fences) {
    this.s = settings;
    this.stats = stats;
    this.l1 = l1;
    this.l2 = l2;
    this.writes = new WritePath(settings, stats, l1, l2, fences);
    this.reads = new ReadPath(settings, stats, l1, l2, fences, writes);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public <T> T getOrSet(CacheKey key, ValueType<T> type, Duration ttl, CacheLoader<? extends T> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    checkLoad(ttl, loader);
    return reads.lookup(LocalTier.keyOf(key), key, key.group(), type.rawClass(), type, ttl, loader, null);
  }

  @Override
  public <T> T getOrSet(CacheKey key, ValueType<T> type, Duration ttl, FencedLoader<? extends T> loader) {
    checkFenced(key, type, ttl, loader);
    return reads.lookup(key, key, key.group(), type.rawClass(), type, ttl, null, loader);
  }

  @Override
  public <T> T getOrSet(CacheKey key, Class<T> type, Duration ttl, FencedLoader<? extends T> loader) {
    checkFenced(key, type, ttl, loader);
    return reads.lookup(key, key, key.group(), type, null, ttl, null, loader);
  }

  private static void checkFenced(CacheKey key, Object type, Duration ttl, FencedLoader<?> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Checks.ttl(ttl, "ttl");
    Objects.requireNonNull(loader, "loader");
    if (!key.grouped()) {
      throw new IllegalArgumentException("key must be grouped for a FencedLoader (fences are kept per group), was: '"
          + key + "'");
    }
  }

  @Override
  public <T> T getOrSet(CacheKey key, Class<T> type, Duration ttl, CacheLoader<? extends T> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    checkLoad(ttl, loader);
    return reads.lookup(LocalTier.keyOf(key), key, key.group(), type, null, ttl, loader, null);
  }

  @Override
  public <T> T getOrSet(String key, Class<T> type, Duration ttl, CacheLoader<? extends T> loader) {
    Checks.key(key, "key");
    Objects.requireNonNull(type, "type");
    checkLoad(ttl, loader);
    // the hit path needs neither a CacheKey nor a ValueType: both are made on a miss only
    return reads.lookup(key, null, null, type, null, ttl, loader, null);
  }

  private static void checkLoad(Duration ttl, CacheLoader<?> loader) {
    Checks.ttl(ttl, "ttl");
    Objects.requireNonNull(loader, "loader");
  }

  @Override
  public <T> Optional<T> get(CacheKey key, ValueType<T> type) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    return reads.get(key, type);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public <T> void put(CacheKey key, ValueType<T> type, T value, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    Checks.ttl(ttl, "ttl");
    if (!type.rawClass().isInstance(value)) {
      throw new IllegalArgumentException("value must be a " + type + ", was a " + value.getClass().getName());
    }
    writes.put(key, type, value, ttl);
  }

  @Override
  public void invalidate(CacheKey key) {
    Objects.requireNonNull(key, "key");
    writes.invalidate(key);
  }

  @Override
  public void invalidateGroup(String group) {
    Checks.group(group);
    writes.invalidateGroup(group, 0);
  }

  @Override
  public void invalidateGroup(String group, long fence) {
    Checks.group(group);
    writes.invalidateGroup(group, fence);
  }

  @Override
  public Set<String> updateGroups(long fence, Map<String, Map<String, GroupUpdate<?>>> groups) {
    Objects.requireNonNull(groups, "groups");
    groups.forEach((group, updates) -> {
      Checks.group(group);
      Objects.requireNonNull(updates, "updates of group '" + group + "'");
      updates.forEach((name, u) -> {
        Checks.key(name, "updates key");
        Objects.requireNonNull(u, "updates value of '" + name + "'");
      });
    });
    return groups.isEmpty() ? Set.of() : writes.updateGroups(fence, groups);
  }

  @Override
  public long invalidateMatching(String pattern) {
    Checks.notBlank(pattern, "pattern");
    return writes.invalidateMatching(pattern);
  }

  /** Test seam: {@code seam} runs between a write's first local drop and its Redis call. */
  void afterLocalDrop(Runnable seam) {
    writes.afterLocalDrop = seam;
  }

  /** Test seams: run in an L1 fill after its ticket check and after its put. */
  void fillSeams(Runnable afterCheck, Runnable afterPut) {
    if (l1 instanceof LocalTier t) {
      t.afterFillCheck = afterCheck;
      t.afterFillPut = afterPut;
    }
  }

  /** Test seam: runs when a replay of queued invalidations has taken them, before the first is sent. */
  void duringReplay(Runnable seam) {
    if (l2 instanceof RedisL2 r) {
      r.invalidator().duringReplay = seam;
    }
  }

  /** Test seam: runs in {@link #updateGroups} between its Redis reads and its scripts. */
  void betweenGroupReadAndUpdate(Runnable seam) {
    if (l2 instanceof RedisL2 r) {
      r.betweenGroupReadAndUpdate = seam;
    }
  }

  // ---------------------------------------------------------------- the rest

  @Override
  public void clearLocal() {
    l1.clear();
  }

  @Override
  public CacheStats stats() {
    return stats.snapshot();
  }

  @Override
  public long l1Size() {
    return l1.size();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    reads.close();
    l2.close();
    l1.clear();
  }

  @Override
  public String toString() {
    return "TieredCache[" + s.name() + ", namespace " + s.namespace() + (l1.present() ? ", L1 " + s.l1Size() : "")
        + l2.describe() + "]";
  }
}
