package dev.strata.cache;

/**
 * Computes the value of a grouped key on a miss, from a source at least as fresh as the group's
 * <em>fence</em>: the highest position recorded by {@link TieredCache#invalidateGroup(String, long)}
 * for the group, read together with the generation the loaded value will be stored under.
 *
 * <p>A fence is an opaque, monotonic, unsigned 64-bit number chosen by the writer, typically the
 * database position of the write that caused the invalidation (a PostgreSQL WAL LSN). The cache only
 * keeps the maximum and hands it here; the loader must read from a source that has applied at least
 * that position (a caught-up replica, or the primary), so a refill right after a write can never put
 * the pre-write value back under the new generation.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface FencedLoader<T> {

  /**
   * Loads the value.
   *
   * @param fence the group's fence (unsigned; compare with {@link Long#compareUnsigned}), 0 when none
   *     was ever recorded
   * @return the value, or {@code null} when it does not exist (cached as absent for the negative TTL)
   * @throws Exception any failure; it reaches the caller (a checked one wrapped in
   *     {@link CacheLoadException}) and nothing is cached
   */
  T load(long fence) throws Exception;
}
