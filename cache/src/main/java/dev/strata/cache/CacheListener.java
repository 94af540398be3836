package dev.strata.cache;

/**
 * Receives the events of one {@link TieredCache}, e.g. to bind them to Micrometer. Every method has
 * an empty default. Methods are called on the caller's thread (or Lettuce's event thread for
 * coherence events) and must be fast and must not throw; an exception is logged and ignored.
 */
public interface CacheListener {

  /** A listener that ignores everything. */
  CacheListener NONE = new CacheListener() {};

  /**
   * A listener that forwards every event to each of {@code listeners}, in order (a cache takes one
   * listener: combine metrics and your own with this). A listener that throws is logged and skipped;
   * the others still receive the event.
   */
  static CacheListener all(CacheListener... listeners) {
    return dev.strata.cache.internal.CompositeListener.of(listeners);
  }

  /** A lookup found a value (or a cached absence) in {@code tier}. */
  default void onHit(CacheTier tier) {}

  /** A lookup found nothing usable in {@code tier}. */
  default void onMiss(CacheTier tier) {}

  /**
   * A loader ran.
   *
   * @param nanos   how long it took
   * @param success whether it returned (true) or threw (false)
   */
  default void onLoad(long nanos, boolean success) {}

  /** A hit was treated as a miss by probabilistic early recomputation (XFetch). */
  default void onEarlyRecompute() {}

  /** A Redis operation failed or timed out (the caller was served anyway). */
  default void onL2Error(String operation, Throwable error) {}

  /** A value was not written to Redis because it could not be encoded or exceeds the size limit. */
  default void onRejected(String key, String reason) {}

  /** Caffeine evicted an L1 entry because of its size bound. */
  default void onL1Eviction() {}

  /** The circuit breaker opened: Redis is skipped until a probe succeeds. */
  default void onCircuitOpen() {}

  /** The circuit breaker closed again after a successful probe. */
  default void onCircuitClose() {}

  /** The L1 was cleared because invalidation messages may have been missed. */
  default void onL1Cleared(String reason) {}
}
