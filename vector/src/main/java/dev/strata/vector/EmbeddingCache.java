package dev.strata.vector;

import dev.strata.vector.internal.CaffeineEmbeddingCache;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the deduplicating provider keeps vectors, by key (a SHA-256 of model id, dimension and
 * normalized text). Implementations decide expiry (Strata's default: {@link #DEFAULT_TTL}).
 * {@link #inProcess} is a Caffeine cache in this JVM; {@link #tiered} keeps vectors in a
 * strata-cache {@code TieredCache} (L1 + Redis), shared by every instance of the application.
 *
 * <p>Implementations are thread-safe, never throw on a miss, and may drop entries at any time.
 */
public interface EmbeddingCache {

  /** Default time to live of a cached vector: 24 hours, as in the seed. */
  Duration DEFAULT_TTL = Duration.ofHours(24);
  /** Default maximum number of vectors held by {@link #inProcess()}. */
  long DEFAULT_MAX_ENTRIES = 100_000;

  /** The vector under {@code key}, or null when absent or expired. */
  float[] get(String key);

  /** Stores {@code vector} under {@code key} (the cache may keep the array; callers do not modify it). */
  void put(String key, float[] vector);

  /** An in-process Caffeine cache of {@value #DEFAULT_MAX_ENTRIES} vectors with the 24 h TTL. */
  static EmbeddingCache inProcess() {
    return inProcess(DEFAULT_MAX_ENTRIES, DEFAULT_TTL);
  }

  /** An in-process Caffeine cache holding at most {@code maxEntries} vectors for {@code ttl} after writing. */
  static EmbeddingCache inProcess(long maxEntries, Duration ttl) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1, was: " + maxEntries);
    }
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was: " + ttl);
    }
    return new CaffeineEmbeddingCache(maxEntries, ttl);
  }

  /** Vectors in {@code cache} (its L1, then Redis) for the {@link #DEFAULT_TTL 24 h default}. */
  static EmbeddingCache tiered(dev.strata.cache.TieredCache cache) {
    return tiered(cache, DEFAULT_TTL);
  }

  /** Vectors in {@code cache} (its L1, then Redis), each kept for {@code ttl}. */
  static EmbeddingCache tiered(dev.strata.cache.TieredCache cache, Duration ttl) {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was: " + ttl);
    }
    return new dev.strata.vector.internal.TieredEmbeddingCache(cache, ttl);
  }

  /** A vector as little-endian IEEE 754 floats (4 bytes each), for byte-oriented caches. */
  static byte[] toBytes(float[] vector) {
    ByteBuffer b = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(vector);
    return b.array();
  }

  /** The vector encoded by {@link #toBytes}. */
  static float[] fromBytes(byte[] bytes) {
    if (bytes.length % 4 != 0) {
      throw new IllegalArgumentException("bytes must be a multiple of 4 long, was: " + bytes.length);
    }
    float[] v = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }
}
