package dev.strata.examples.bench.workload;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

/**
 * The seed plan's {@code CacheService}, as written: Redis only, values as JSON, its key scheme
 * ({@code user:{id}:ventures}, {@code venture:{id}:context}, {@code venture:{id}:stats:{date}},
 * {@code venture:{id}:recent:{type}}) with its TTLs, cache-aside {@code getOrSet} without any
 * protection against a load racing an invalidation, and {@code invalidateVentureData}, which finds
 * what to delete with {@code KEYS}. Every key carries {@code prefix} so the seed's keys stay apart
 * from anything else on the server.
 */
public final class SeedCacheService {

  private final RedisCommands<String, String> redis;
  private final String prefix;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final LongAdder hits = new LongAdder();
  private final LongAdder lookups = new LongAdder();

  /**
   * @param redis  a connection's synchronous commands (thread-safe in Lettuce)
   * @param prefix prefix of every key, e.g. {@code "seedplan:"}
   */
  public SeedCacheService(RedisCommands<String, String> redis, String prefix) {
    this.redis = java.util.Objects.requireNonNull(redis, "redis");
    this.prefix = java.util.Objects.requireNonNull(prefix, "prefix");
  }

  /** The seed's getOrSet: GET, else load, SET with EX ttl. */
  public <T> T getOrSet(String key, JavaType type, Duration ttl, Callable<T> loader) throws Exception {
    lookups.increment();
    String cached = redis.get(prefix + key);
    if (cached != null) {
      hits.increment();
      return json.readValue(cached, type);
    }
    T value = loader.call();
    redis.set(prefix + key, json.writeValueAsString(value), SetArgs.Builder.ex(ttl));
    return value;
  }

  /** The seed's embedding cache: the vector stored under a hash of the raw text (no model, no normalization). */
  public float[] embedding(String rawTextKey, Duration ttl, Callable<float[]> compute) throws Exception {
    return getOrSet("embedding:" + rawTextKey, json.constructType(float[].class), ttl, compute);
  }

  /** A Jackson type for {@link #getOrSet}. */
  public JavaType type(Class<?> raw) {
    return json.constructType(raw);
  }

  /** A Jackson type for a list of {@code element}. */
  public JavaType listOf(Class<?> element) {
    return json.getTypeFactory().constructCollectionType(List.class, element);
  }

  /** The seed's {@code invalidateVentureData} on this service's keys. */
  public void invalidateVentureData(long ventureId) {
    invalidateVentureData(redis, prefix, ventureId);
  }

  /**
   * The seed's {@code invalidateVentureData}, as written — {@code KEYS venture:V:*}, {@code KEYS
   * user:*:ventures} (every user's list, because one venture changed), {@code KEYS venture:V:context},
   * and a DEL of what they found — on keys under {@code prefix}. KEYS is kept on purpose: this is
   * the baseline that Strata's generation bump is measured against.
   */
  public static void invalidateVentureData(RedisCommands<String, String> redis, String prefix, long ventureId) {
    for (String pattern : List.of(prefix + "venture:" + ventureId + ":*", prefix + "user:*:ventures",
        prefix + "venture:" + ventureId + ":context")) {
      List<String> keys = redis.keys(pattern);
      if (!keys.isEmpty()) {
        redis.del(keys.toArray(String[]::new));
      }
    }
  }

  /** Removes every key under {@code prefix} with SCAN + UNLINK (the database may not be ours alone: no FLUSHDB). */
  public static void deleteKeys(RedisCommands<String, String> redis, String prefix) {
    KeyScanCursor<String> cursor = redis.scan(ScanArgs.Builder.matches(prefix + "*").limit(5_000));
    while (true) {
      if (!cursor.getKeys().isEmpty()) {
        redis.unlink(cursor.getKeys().toArray(String[]::new));
      }
      if (cursor.isFinished()) {
        return;
      }
      cursor = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(5_000));
    }
  }

  long hits() {
    return hits.sum();
  }

  long lookups() {
    return lookups.sum();
  }

  void reset() {
    hits.reset();
    lookups.reset();
  }
}
