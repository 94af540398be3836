package dev.strata.examples.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.cache.TieredCache;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.testkit.Redis;
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
 * An L1 hit of {@link TieredCache#getOrSet} against {@code getIfPresent} on a raw Caffeine cache of the
 * same bound with a fixed expire-after-write: what the tiered cache adds on its fastest path (key
 * building, expiry bookkeeping, stats). 1,000 present keys, visited in turn. The cache's Redis is
 * testkit's embedded server; an L1 hit never reaches it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheL1HitBenchmark {

  private static final Duration TTL = Duration.ofMinutes(30);
  private static final int KEYS = 1_000;

  private TieredCache tiered;
  private Cache<String, Object> caffeine;
  private String[] keys;
  private Dashboard value;
  private int next;

  /** Fills both caches with the same keys. */
  @Setup(Level.Trial)
  public void setUp() throws InterruptedException {
    String uri = Redis.shared().standalone().uri();
    Fixtures.awaitRedis(uri);
    value = Fixtures.dashboard(7);
    tiered = TieredCache.builder().name("jmh-l1").namespace("jmh:l1").redis(uri)
        .l1MaximumSize(200_000).build();
    caffeine = Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(TTL).build();
    keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "l1:" + i;
      tiered.put(keys[i], value, TTL);
      caffeine.put(keys[i], value);
    }
  }

  /** Checks that every call was an L1 hit, closes the cache (testkit's Redis stops with the JVM). */
  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      Fixtures.requireOnlyHits("CacheL1HitBenchmark", tiered.stats(), true);
    } finally {
      tiered.close();
    }
  }

  private String nextKey() {
    int i = next;
    next = i + 1 == KEYS ? 0 : i + 1;
    return keys[i];
  }

  /** TieredCache {@code getOrSet} of a key present in L1 (the loader is never called). */
  @Benchmark
  public Dashboard tieredCacheL1Hit() {
    return tiered.getOrSet(nextKey(), Dashboard.class, TTL, () -> value);
  }

  /** Raw Caffeine {@code getIfPresent} of a present key. */
  @Benchmark
  public Object caffeineGetIfPresent() {
    return caffeine.getIfPresent(nextKey());
  }
}
