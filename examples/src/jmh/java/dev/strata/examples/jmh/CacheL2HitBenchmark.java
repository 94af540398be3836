package dev.strata.examples.jmh;

import dev.strata.cache.CacheCodec;
import dev.strata.cache.CacheCodecs;
import dev.strata.cache.TieredCache;
import dev.strata.cache.ValueType;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.testkit.Redis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An L2 hit of {@link TieredCache#getOrSet} (L1 disabled, so every call reads Redis) against a raw
 * Lettuce {@code GET} of the same JSON plus the cache's own codec's decode: what the tiered cache adds
 * around the round trip to Redis. testkit's embedded Redis over loopback; 100 keys visited in turn.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CacheL2HitBenchmark {

  private static final Duration TTL = Duration.ofMinutes(30);
  private static final int KEYS = 100;
  private static final String NS = "jmh:l2";

  private TieredCache tiered;
  private RedisClient client;
  private StatefulRedisConnection<String, byte[]> connection;
  private RedisCommands<String, byte[]> redis;
  private final CacheCodec codec = CacheCodecs.json();
  private final ValueType<Dashboard> type = ValueType.of(Dashboard.class);
  private String[] cacheKeys;
  private String[] rawKeys;
  private Dashboard value;
  private int next;

  /** Writes the same JSON under the cache's keys and under raw keys. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String uri = Redis.shared().standalone().uri();
    Fixtures.awaitRedis(uri);
    value = Fixtures.dashboard(7);
    tiered = TieredCache.builder().name("jmh-l2").namespace(NS).redis(uri).disableL1().build();
    client = RedisClient.create(uri);
    connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    redis = connection.sync();
    byte[] json = codec.encode(value, type);
    cacheKeys = new String[KEYS];
    rawKeys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      cacheKeys[i] = "l2:" + i;
      rawKeys[i] = NS + ":raw:" + i;
      tiered.put(cacheKeys[i], value, TTL);
      redis.set(rawKeys[i], json, SetArgs.Builder.ex(TTL));
    }
  }

  /** Checks that every call was an L2 hit, closes the cache and the raw connection. */
  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      Fixtures.requireOnlyHits("CacheL2HitBenchmark", tiered.stats(), false);
    } finally {
      tiered.close();
      connection.close();
      client.shutdown();
    }
  }

  private int nextIndex() {
    int i = next;
    next = i + 1 == KEYS ? 0 : i + 1;
    return i;
  }

  /** TieredCache {@code getOrSet} of a key present in Redis, no L1. */
  @Benchmark
  public Dashboard tieredCacheL2Hit() {
    return tiered.getOrSet(cacheKeys[nextIndex()], Dashboard.class, TTL, () -> value);
  }

  /** Raw Lettuce {@code GET} plus the cache codec's decode of the same bytes. */
  @Benchmark
  public Dashboard lettuceGetAndDecode() throws Exception {
    return codec.decode(redis.get(rawKeys[nextIndex()]), type);
  }
}
