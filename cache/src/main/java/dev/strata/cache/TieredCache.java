package dev.strata.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * A two-tier cache-aside cache: a bounded Caffeine cache of decoded objects in this process (L1) in
 * front of Redis (L2) shared by every instance. Either tier may be left out. Instances are
 * thread-safe; build one per application with {@link #builder()} and {@link #close()} it at shutdown.
 *
 * <pre>{@code
 * TieredCache cache = TieredCache.builder().redis("redis://localhost:6379").build();
 * Dashboard d = cache.getOrSet(CacheKey.of("user:7", "dashboard"), Dashboard.class,
 *     Duration.ofMinutes(5), () -> loader.load(7, monthStart, now));
 * cache.invalidateGroup("user:7");          // O(1): every key of the group, every instance's L1
 * }</pre>
 *
 * <p><b>Loads.</b> Concurrent misses of one key in one process run the loader once; the others wait
 * for its result (single flight). Across processes, a hit close to its expiry is recomputed early with
 * a probability that grows as the expiry nears (XFetch), and TTLs are shortened by a random jitter so
 * keys written together do not expire together. A loader's exception reaches the caller (checked ones
 * wrapped in {@link CacheLoadException}) and nothing is cached; a {@code null} result is cached as
 * absent for the negative TTL.
 *
 * <p><b>Invalidation.</b> {@link #invalidate} removes one key, {@link #invalidateGroup} bumps the
 * group's generation (part of every key of the group, so old entries become unreachable and expire
 * by TTL), {@link #invalidateMatching} deletes ungrouped keys by glob with SCAN + UNLINK. Each one is
 * published so every instance drops the entries from its L1; an instance whose subscription was
 * interrupted clears its L1 when it is subscribed again.
 *
 * <p><b>Failure.</b> Redis errors and timeouts never reach callers: the lookup falls through to the
 * loader, writes are skipped, and after repeated failures a circuit breaker stops calling Redis until
 * a probe succeeds. Invalidations made while Redis is unreachable are replayed when it is back.
 */
public interface TieredCache extends AutoCloseable {

  /** A builder with the defaults listed on {@link TieredCacheBuilder}. */
  static TieredCacheBuilder builder() {
    return new TieredCacheBuilder();
  }

  /**
   * Returns the cached value of {@code key}, or loads, caches and returns it.
   *
   * @param key    the key
   * @param type   the value's full type (used to decode it from Redis)
   * @param ttl    how long the value may be served (1 ms to 3650 days; shortened by jitter)
   * @param loader computes the value on a miss; may return null for "absent"
   * @return the value, or null when the loader found nothing (now or within the negative TTL)
   * @throws CacheLoadException when the loader threw a checked exception
   */
  <T> T getOrSet(CacheKey key, ValueType<T> type, Duration ttl, CacheLoader<? extends T> loader);

  /** {@link #getOrSet(CacheKey, ValueType, Duration, CacheLoader)} for a plain class. */
  default <T> T getOrSet(CacheKey key, Class<T> type, Duration ttl, CacheLoader<? extends T> loader) {
    return getOrSet(key, ValueType.of(type), ttl, loader);
  }

  /** {@link #getOrSet(CacheKey, ValueType, Duration, CacheLoader)} for an ungrouped key. */
  default <T> T getOrSet(String key, ValueType<T> type, Duration ttl, CacheLoader<? extends T> loader) {
    return getOrSet(CacheKey.of(key), type, ttl, loader);
  }

  /** {@link #getOrSet(CacheKey, ValueType, Duration, CacheLoader)} for an ungrouped key and a plain class. */
  default <T> T getOrSet(String key, Class<T> type, Duration ttl, CacheLoader<? extends T> loader) {
    return getOrSet(CacheKey.of(key), ValueType.of(type), ttl, loader);
  }

  /**
   * {@link #getOrSet(CacheKey, ValueType, Duration, CacheLoader)} whose loader receives the group's
   * fence: the highest value ever given to {@link #invalidateGroup(String, long)} for the key's group,
   * read in the same Redis round trip as the generation the loaded value is stored under. A loader
   * that reads a source at least that fresh can never put back a value older than the write behind
   * the invalidation. Without Redis (or when it cannot be read) the loader gets the highest fence this
   * instance knows: its own fenced invalidations and the ones announced by the other instances.
   *
   * @throws IllegalArgumentException if {@code key} is not grouped (fences are kept per group)
   */
  <T> T getOrSet(CacheKey key, ValueType<T> type, Duration ttl, FencedLoader<? extends T> loader);

  /** {@link #getOrSet(CacheKey, ValueType, Duration, FencedLoader)} for a plain class. */
  <T> T getOrSet(CacheKey key, Class<T> type, Duration ttl, FencedLoader<? extends T> loader);

  /**
   * The cached value of {@code key}, without loading.
   *
   * @return the value; empty when nothing is cached or an absence is cached
   */
  <T> Optional<T> get(CacheKey key, ValueType<T> type);

  /** {@link #get(CacheKey, ValueType)} for a plain class. */
  default <T> Optional<T> get(CacheKey key, Class<T> type) {
    return get(key, ValueType.of(type));
  }

  /** {@link #get(CacheKey, ValueType)} for an ungrouped key and a plain class. */
  default <T> Optional<T> get(String key, Class<T> type) {
    return get(CacheKey.of(key), ValueType.of(type));
  }

  /**
   * Stores {@code value} in both tiers and tells the other instances to drop their L1 copies (the
   * Redis write and the message are one script). Once it returns, a read on this instance that begins
   * afterwards returns this value or a later one, never the one Redis held before.
   *
   * @throws CacheCodecException when the value cannot be encoded or is above the size limit
   */
  <T> void put(CacheKey key, ValueType<T> type, T value, Duration ttl);

  /** {@link #put(CacheKey, ValueType, Object, Duration)} encoding the value by its runtime class. */
  @SuppressWarnings("unchecked")
  default void put(CacheKey key, Object value, Duration ttl) {
    java.util.Objects.requireNonNull(value, "value");
    put(key, (ValueType<Object>) ValueType.of(value.getClass()), value, ttl);
  }

  /** {@link #put(CacheKey, Object, Duration)} for an ungrouped key. */
  default void put(String key, Object value, Duration ttl) {
    put(CacheKey.of(key), value, ttl);
  }

  /** Removes {@code key} from both tiers and from every instance's L1. */
  void invalidate(CacheKey key);

  /** {@link #invalidate(CacheKey)} for an ungrouped key. */
  default void invalidate(String key) {
    invalidate(CacheKey.of(key));
  }

  /**
   * Invalidates every key of {@code group} in O(1): one Redis INCR of the group's generation, one
   * published message. Old entries are no longer reachable and expire by their TTL.
   */
  void invalidateGroup(String group);

  /**
   * {@link #invalidateGroup(String)} that also records {@code fence} for the group, in the same Redis
   * script as the generation bump: the group keeps the highest fence ever recorded (unsigned 64-bit
   * order; 0 records nothing), which every later {@link FencedLoader} of the group receives. The new
   * generation and fence are announced together, so the other instances know the fence too. Typical
   * fence: the database position (WAL LSN) of the committed write that made the group stale. When Redis
   * is unreachable the fence is kept locally and queued with the invalidation, like any other.
   */
  void invalidateGroup(String group, long fence);

  /**
   * Write-through of a group after a write: the listed keys' cached values are patched (or kept) and
   * the group moves to a new generation with {@code fence} recorded, as
   * {@link #invalidateGroup(String, long)} would, so that the readers of the group keep hitting.
   *
   * <p>One Redis round trip reads the group's generation and the listed keys' values; each new value
   * is computed here by its {@link GroupUpdate} (a pure function of the old one, see there); one Lua
   * script then checks that the group is still at the generation read and that every listed key still
   * holds the value read, and if so bumps the generation, raises the fence, stores the new values under
   * the new generation (each with the remaining TTL of the value it replaces: a patch never extends a
   * value's life), and announces the new generation, so that every other instance drops the group from
   * its L1 and reads the patched values from Redis. If anything changed in between (another write's
   * patch or invalidation, a refill, a {@code put}), or Redis cannot be read, the same script does
   * exactly {@link #invalidateGroup(String, long)} instead: a miss, never a lost write. Keys not listed,
   * keys with nothing cached and keys whose patch returned null are invalidated. A value stored under
   * the generation read by a refill that began before the write lands in the dead generation, so it
   * never replaces a patched value. Without Redis (L1 only, or unreachable) this is
   * {@link #invalidateGroup(String, long)}.
   *
   * <p>Once it returns, a read on this instance sees the patched value or a fresher one; on the other
   * instances, once the announcement arrived (as for an invalidation).
   *
   * @param group   the group
   * @param fence   as for {@link #invalidateGroup(String, long)} (0: none)
   * @param updates key name within the group to what happens to it
   * @return true if the values were patched in Redis, false if the group was invalidated instead
   */
  default boolean updateGroup(String group, long fence, java.util.Map<String, GroupUpdate<?>> updates) {
    java.util.Objects.requireNonNull(group, "group");
    java.util.Objects.requireNonNull(updates, "updates");
    return updateGroups(fence, java.util.Map.of(group, updates)).contains(group);
  }

  /**
   * {@link #updateGroup} of several groups after one write (e.g. a venture's and its owner's), each
   * patched or invalidated on its own, in two Redis round trips whatever their number: the groups'
   * reads are sent together, then their scripts.
   *
   * @param fence  as for {@link #invalidateGroup(String, long)} (0: none), for every group
   * @param groups group to its updates (as {@link #updateGroup}'s)
   * @return the groups whose values were patched; the others were invalidated
   */
  java.util.Set<String> updateGroups(long fence, java.util.Map<String, java.util.Map<String, GroupUpdate<?>>> groups);

  /**
   * Deletes the ungrouped keys matching a Redis glob ({@code user:*:ventures}) with SCAN + UNLINK
   * (never KEYS, on every master of a cluster) and drops them from every instance's L1. Costs a full
   * keyspace scan: prefer groups. Grouped keys are not matched.
   *
   * @return the number of Redis keys deleted (0 when Redis is unreachable)
   */
  long invalidateMatching(String pattern);

  /** Drops every entry of this instance's L1 (Redis and other instances are untouched). */
  void clearLocal();

  /** The counters since the cache was built. */
  CacheStats stats();

  /**
   * Entries in this instance's L1 now, 0 without L1. Caffeine's estimate: it may exceed
   * {@code l1MaximumSize} for a moment, until eviction catches up.
   */
  long l1Size();

  /** Closes the Redis connections this cache opened. */
  @Override
  void close();
}
