package dev.strata.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.cache.CacheStats;
import dev.strata.cache.TieredCache;
import dev.strata.cache.TieredCacheBuilder;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.RedisExtension;
import dev.strata.testkit.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** CacheMetrics bound to a real TieredCache over the testkit's Redis: meters agree with the cache's own stats. */
@ExtendWith(RedisExtension.class)
class CacheMetricsIT {

  private static final Duration TTL = Duration.ofMinutes(5);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<TieredCache> open = new ArrayList<>();
  private TestRedis redis;
  private String namespace;

  @BeforeEach
  void setUp(TestRedis redis, TestInfo info) {
    this.redis = redis;
    this.namespace = redis.keyPrefix() + info.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void closeCaches() {
    open.forEach(TieredCache::close);
  }

  private TieredCache cache(String name, UnaryOperator<TieredCacheBuilder> more) {
    TieredCache c = more.apply(TieredCache.builder().name(name).namespace(namespace).redis(redis.standalone().uri())
        .circuitBreaker(3, Duration.ofMillis(300)).listener(CacheMetrics.create(registry, name))).build();
    open.add(c);
    return c;
  }

  private double gets(String cache, String tier, String result) {
    return registry.get("strata.cache.gets").tags("cache", cache, "tier", tier, "result", result).counter().count();
  }

  private double count(String meter, String cache) {
    return registry.get(meter).tag("cache", cache).counter().count();
  }

  private double gauge(String meter, String... tags) {
    return registry.get(meter).tags(tags).gauge().value();
  }

  @Test
  void knownSequence_countsGetsPerTierLoadsAndRejections_likeTheCacheStats() {
    TieredCache other = cache("other", b -> b);
    other.put("shared", "from other", TTL);
    TieredCache c = cache("dashboards", b -> b.maxValueBytes(100).coherence(false));
    assertEquals("v", c.getOrSet("k", String.class, TTL, () -> "v"));               // L1 miss, L2 miss, load
    assertEquals("v", c.getOrSet("k", String.class, TTL, () -> "x"));               // L1 hit
    assertEquals("from other", c.getOrSet("shared", String.class, TTL, () -> "x")); // L1 miss, L2 hit
    assertThrows(IllegalStateException.class, () -> c.getOrSet("bad", String.class, TTL, () -> {
      throw new IllegalStateException("loader failed");
    }));                                                                              // L1 miss, L2 miss, failed load
    c.getOrSet("big", String.class, TTL, () -> "y".repeat(500));                    // L1 miss, L2 miss, load, rejected

    assertEquals(1, gets("dashboards", "l1", "hit"));
    assertEquals(4, gets("dashboards", "l1", "miss"));
    assertEquals(1, gets("dashboards", "l2", "hit"));
    assertEquals(3, gets("dashboards", "l2", "miss"));
    assertEquals(2, registry.get("strata.cache.loads").tags("cache", "dashboards", "result", "success").timer().count());
    assertEquals(1, registry.get("strata.cache.loads").tags("cache", "dashboards", "result", "failure").timer().count());
    assertEquals(1, count("strata.cache.rejections", "dashboards"));
    assertEquals(0.2, gauge("strata.cache.hit.ratio", "cache", "dashboards", "tier", "l1"), 1e-9);
    assertEquals(0.25, gauge("strata.cache.hit.ratio", "cache", "dashboards", "tier", "l2"), 1e-9);
    assertEquals(0.4, gauge("strata.cache.hit.ratio", "cache", "dashboards", "tier", "all"), 1e-9); // 2 of 5 gets served
    assertEquals(0.4, gauge("strata.cache.hit.ratio.recent", "cache", "dashboards", "tier", "all"), 1e-9);
    assertEquals(0, gauge("strata.cache.circuit.open", "cache", "dashboards"));

    CacheStats s = c.stats();
    assertEquals(s.l1Hits(), gets("dashboards", "l1", "hit"));
    assertEquals(s.l2Misses(), gets("dashboards", "l2", "miss"));
    assertEquals(s.loadNanos(), registry.get("strata.cache.loads").tag("cache", "dashboards").timers().stream()
        .mapToDouble(t -> t.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).sum(), 1.0);
    // the other cache's meters are its own
    assertEquals(0, gets("other", "l1", "hit"));
    // no meter carries a key as a tag
    for (Meter m : registry.getMeters()) {
      m.getId().getTags().forEach(t -> assertTrue(!t.getValue().contains("big") && !t.getValue().contains("bad"), m.getId()
          .toString()));
    }
  }

  @Test
  void l1SizeBound_evictionsCounted() {
    TieredCache c = cache("small", b -> b.l1MaximumSize(10));
    for (int i = 0; i < 200; i++) {
      int n = i;
      c.getOrSet("k" + i, Integer.class, TTL, () -> n);
    }
    Eventually.within(Duration.ofSeconds(5), "evictions", () -> c.stats().l1Evictions() >= 150);
    Eventually.within(Duration.ofSeconds(5), "eviction counter matching the stats",
        () -> count("strata.cache.l1.evictions", "small") == c.stats().l1Evictions());
  }

  @Test
  void redisUnreachable_circuitGaugeIsOne_errorsTaggedByOperation() {
    TieredCache c = TieredCache.builder().name("down").redis("redis://127.0.0.1:1").commandTimeout(Duration.ofMillis(100))
        .listener(CacheMetrics.create(registry, "down")).build();
    open.add(c);
    assertEquals("v", c.getOrSet("k", String.class, TTL, () -> "v"));
    assertEquals(1, gauge("strata.cache.circuit.open", "cache", "down"));
    assertEquals(1, registry.get("strata.cache.circuit.changes").tags("cache", "down", "state", "open").counter().count());
    assertTrue(registry.get("strata.cache.l2.errors").tags("cache", "down", "operation", "PING").counter().count() >= 1);
    assertEquals(c.stats().l2Errors(), registry.get("strata.cache.l2.errors").tag("cache", "down").counters().stream()
        .mapToDouble(Counter::count).sum());
  }

  @Test
  void redisStoppedThenRestarted_circuitGaugeGoesOneThenZero_L1ClearCounted() throws Exception {
    assumeTrue(redis.server().supportsFaultInjection(), "needs the embedded Redis (stop/restart)");
    TieredCache c = cache("outage", b -> b.commandTimeout(Duration.ofMillis(200)));
    // on a loaded machine the start-up PING may exceed the 200 ms timeout and start the circuit open:
    // wait for Redis to be seen healthy rather than assume it
    Eventually.within(Duration.ofSeconds(15), "the circuit closed before the outage", () -> {
      c.getOrSet("warm", String.class, TTL, () -> "v");
      return gauge("strata.cache.circuit.open", "cache", "outage") == 0;
    });
    redis.server().stopStandalone();
    try {
      int[] i = {0};
      Eventually.within(Duration.ofSeconds(15), "the circuit opening while Redis is down", () -> {
        int n = i[0]++;
        assertEquals("x" + n, c.getOrSet("cold:" + n, String.class, TTL, () -> "x" + n));
        return gauge("strata.cache.circuit.open", "cache", "outage") == 1;
      });
      assertTrue(opens() >= 1, "at least one opening counted");
      assertEquals(c.stats().l2Errors(), registry.get("strata.cache.l2.errors").tag("cache", "outage").counters().stream()
          .mapToDouble(Counter::count).sum());
    } finally {
      redis.server().restartStandalone();
    }
    int[] n = {0};
    Eventually.within(Duration.ofSeconds(15), "the circuit closing after Redis is back", () -> {
      c.getOrSet("after:" + n[0]++, String.class, TTL, () -> "y");
      return gauge("strata.cache.circuit.open", "cache", "outage") == 0;
    });
    // every opening was followed by a closing (a late reply from before the stop may close and reopen it once)
    assertEquals(opens(), registry.get("strata.cache.circuit.changes").tags("cache", "outage", "state", "closed").counter().count());
    Eventually.within(Duration.ofSeconds(10), "L1 cleared after the subscription is back",
        () -> count("strata.cache.l1.clears", "outage") >= 1);
    assertEquals(c.stats().l1Clears(), count("strata.cache.l1.clears", "outage"));
  }

  @Test
  void sameNameTwiceOnOneRegistry_refused_blankRefused() {
    CacheMetrics.create(registry, "dup");
    assertEquals("cacheName 'dup' is already bound on this registry; give each cache its own name",
        assertThrows(IllegalArgumentException.class, () -> CacheMetrics.create(registry, "dup")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> CacheMetrics.create(registry, " "));
    assertThrows(NullPointerException.class, () -> CacheMetrics.create(null, "x"));
    assertEquals(Double.NaN, gauge("strata.cache.hit.ratio", "cache", "dup", "tier", "l1"));
  }

  private double opens() {
    return registry.get("strata.cache.circuit.changes").tags("cache", "outage", "state", "open").counter().count();
  }

  @Test
  void preset_forcedLowHitRatio_breachesOnceAndClearsOnce_thoughTheCumulativeRatioStaysHigh() {
    MockClock clock = new MockClock();
    SimpleMeterRegistry reg = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    TieredCache c = TieredCache.builder().name("window").namespace(namespace).redis(redis.standalone().uri())
        .coherence(false).listener(CacheMetrics.create(reg, "window")).build();
    open.add(c);
    List<HealthReport.Result> changes = new ArrayList<>();
    HealthReport health = HealthReport.builder(reg).checks(HealthPreset.checks()).listener(changes::add).build();
    c.put("hot", "v", TTL);
    for (int minute = 0; minute < 60; minute++) {   // an hour of L1 hits
      for (int i = 0; i < 20; i++) {
        c.getOrSet("hot", String.class, TTL, () -> "x");
      }
      clock.add(Duration.ofMinutes(1));
      health.evaluate();
    }
    for (int i = 0; i < 200; i++) {                // then a burst of misses: keys never seen (about 120 hits in the window)
      int n = i;
      c.getOrSet("cold-" + n, String.class, TTL, () -> "v" + n);
    }
    clock.add(Duration.ofSeconds(30));
    HealthReport.Result low = health.evaluate().stream().filter(r -> r.check().equals("cache.hit.ratio")).findFirst().orElseThrow();
    assertTrue(low.breached(), low.toString());
    assertTrue(gauge(reg, "strata.cache.hit.ratio", "all") > 0.8, "cumulatively (1200 of 1400) the cache still looks fine");
    health.evaluate();
    clock.add(Duration.ofMinutes(6));                // the misses leave the window; hits come back
    for (int i = 0; i < 20; i++) {
      c.getOrSet("hot", String.class, TTL, () -> "x");
    }
    health.evaluate();
    health.evaluate();
    assertEquals(List.of(true, false), changes.stream().map(HealthReport.Result::breached).toList(), changes.toString());
    assertEquals(List.of("cache.hit.ratio", "cache.hit.ratio"), changes.stream().map(HealthReport.Result::check).toList());
    assertEquals(1.0, gauge(reg, "strata.cache.hit.ratio.recent", "all"));
  }

  private static double gauge(SimpleMeterRegistry reg, String meter, String tier) {
    return reg.get(meter).tags("cache", "window", "tier", tier).gauge().value();
  }
}
