package dev.strata.vector.internal;

import dev.strata.cache.CacheKey;
import dev.strata.cache.TieredCache;
import dev.strata.cache.ValueType;
import dev.strata.vector.EmbeddingCache;
import java.time.Duration;

/**
 * Vectors in a {@link TieredCache}: decoded arrays in its L1, little-endian floats in Redis, shared by
 * every instance. Fail-open like the cache itself: with Redis down a lookup is a miss and the vector
 * is computed again, never an error.
 */
public final class TieredEmbeddingCache implements EmbeddingCache {

  private static final ValueType<byte[]> BYTES = ValueType.of(byte[].class);
  private static final String PREFIX = "emb:";

  private final TieredCache cache;
  private final Duration ttl;

  public TieredEmbeddingCache(TieredCache cache, Duration ttl) {
    this.cache = cache;
    this.ttl = ttl;
  }

  @Override
  public float[] get(String key) {
    return cache.get(CacheKey.of(PREFIX + key), BYTES).map(EmbeddingCache::fromBytes).orElse(null);
  }

  @Override
  public void put(String key, float[] vector) {
    cache.put(CacheKey.of(PREFIX + key), BYTES, EmbeddingCache.toBytes(vector), ttl);
  }
}
