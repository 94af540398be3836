package dev.strata.vector.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.vector.EmbeddingCache;
import java.time.Duration;

/** {@link EmbeddingCache} in process: Caffeine, bounded by entry count, expiring after write. */
public final class CaffeineEmbeddingCache implements EmbeddingCache {

  private final Cache<String, float[]> cache;

  public CaffeineEmbeddingCache(long maxEntries, Duration ttl) {
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
  }

  @Override
  public float[] get(String key) {
    return cache.getIfPresent(key);
  }

  @Override
  public void put(String key, float[] vector) {
    cache.put(key, vector);
  }
}
