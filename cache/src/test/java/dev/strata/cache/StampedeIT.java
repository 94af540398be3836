package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Stampede protection: single flight in one JVM, XFetch and TTL jitter across instances. */
class StampedeIT extends AbstractRedisCacheIT {

  private static final Duration TTL = Duration.ofMinutes(5);

  @Test
  void getOrSet_200ConcurrentMisses_loadOnce() throws Exception {
    TieredCache cache = caches.standalone("sf");
    AtomicInteger loads = new AtomicInteger();
    List<Object> results = Concurrently.run(200, () -> cache.getOrSet("hot", String.class, TTL, () -> {
      loads.incrementAndGet();
      Thread.sleep(200); // long enough for every caller to arrive while the load runs
      return "value";
    }));
    assertEquals(1, loads.get());
    results.forEach(r -> assertEquals("value", r));
    assertEquals(1, cache.stats().l2Misses(), "one Redis lookup for the whole flight");
  }

  @Test
  void getOrSet_200ConcurrentMisses_loaderThrows_everyCallerGetsIt_nothingCached() throws Exception {
    TieredCache cache = caches.standalone("sf");
    AtomicInteger loads = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("db down");
    List<Object> results = Concurrently.run(200, () -> cache.getOrSet("hot", String.class, TTL, () -> {
      loads.incrementAndGet();
      Thread.sleep(200);
      throw boom;
    }));
    results.forEach(r -> assertSame(boom, r));
    assertTrue(loads.get() >= 1 && loads.get() < 200, "loads " + loads.get());
    assertTrue(cache.get("hot", String.class).isEmpty());
    assertEquals("ok", cache.getOrSet("hot", String.class, TTL, () -> "ok"));
  }

  @Test
  void xfetch_hotKey_isRecomputedBeforeItExpires() throws Exception {
    // delta 100 ms, beta 10, TTL 2 s: each read has a ~13% chance (e^-2) of recomputing right away
    TieredCache a = caches.standalone("a", b -> b.earlyRecomputeBeta(10).ttlJitter(0));
    TieredCache other = caches.standalone("b", b -> b.earlyRecomputeBeta(10).ttlJitter(0).disableL1());
    AtomicInteger loads = new AtomicInteger();
    CacheLoader<Integer> slow = () -> {
      Thread.sleep(100);
      return loads.incrementAndGet();
    };
    long start = System.nanoTime();
    a.getOrSet("hot", Integer.class, Duration.ofSeconds(2), slow);
    for (int i = 0; i < 40; i++) {
      a.getOrSet("hot", Integer.class, Duration.ofSeconds(2), slow);
      other.getOrSet("hot", Integer.class, Duration.ofSeconds(2), slow);
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    if (elapsedMs < 2_000) { // the value never expired, so every extra load was an early recomputation
      assertTrue(a.stats().earlyRecomputes() + other.stats().earlyRecomputes() > 0);
      assertEquals(loads.get(), 1 + a.stats().earlyRecomputes() + other.stats().earlyRecomputes());
    }
    assertTrue(loads.get() > 1, "loads " + loads.get());
  }

  @Test
  void xfetch_betaZero_neverRecomputesEarly() {
    TieredCache a = caches.standalone("a", b -> b.earlyRecomputeBeta(0).disableL1());
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 200; i++) {
      a.getOrSet("k", Integer.class, Duration.ofSeconds(30), loads::incrementAndGet);
    }
    assertEquals(1, loads.get());
    assertEquals(0, a.stats().earlyRecomputes());
  }

  @Test
  void ttlJitter_spreadsExpiriesOfKeysWrittenTogether() {
    TieredCache a = caches.standalone("a", b -> b.ttlJitter(0.5));
    var raw = caches.raw().sync();
    Set<Long> seconds = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      a.put("k" + i, i, Duration.ofSeconds(1_000));
      long pttl = raw.pttl(caches.namespace() + ":k" + i);
      assertTrue(pttl > 499_000 && pttl <= 1_000_000, "pttl " + pttl);
      seconds.add(pttl / 1_000);
    }
    assertTrue(seconds.size() > 5, "distinct expiries: " + seconds);
  }
}
