package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.Eventually;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Redis down, slow, or the subscription cut: callers are served, nothing escapes, L1 is cleared before being trusted again. */
class FailOpenIT extends AbstractRedisCacheIT {

  @Test
  void redisStoppedThenRestarted_servesFromL1AndLoader_breakerOpens_L1ClearedAfterReconnect() throws Exception {
    assumeTrue(redis.server().supportsFaultInjection(), "needs the embedded Redis (stop/restart)");
    // fills made while unsubscribed are served for l1TtlWhileUnsubscribed (that bound is OutageStalenessIT's
    // subject); a long one here, so a slow machine cannot turn "served from L1 during the outage" into a reload
    TieredCache a = caches.standalone("a", b -> b.commandTimeout(Duration.ofMillis(200))
        .l1TtlWhileUnsubscribed(Duration.ofMinutes(1)));
    TieredCache b = caches.standalone("b", x -> x.commandTimeout(Duration.ofMillis(200)));
    AtomicInteger version = new AtomicInteger(1);
    AtomicInteger loads = new AtomicInteger();
    CacheKey hot = CacheKey.of("venture:1", "dashboard");
    CacheLoader<String> loader = () -> {
      loads.incrementAndGet();
      return "v" + version.get();
    };
    assertEquals("v1", a.getOrSet(hot, String.class, Duration.ofMinutes(5), loader));
    assertEquals("v1", b.getOrSet(hot, String.class, Duration.ofMinutes(5), loader));
    assertEquals(1, loads.get());

    redis.server().stopStandalone();
    long clearsDuringOutage;
    try {
      // the dropped subscription clears L1 once noticed (it may have missed invalidations); wait for it,
      // so that what is loaded below is not cleared by a late notice
      Eventually.within(Duration.ofSeconds(10), "a noticing its dropped subscription", () -> a.stats().l1Clears() >= 1);
      clearsDuringOutage = a.stats().l1Clears();
      // served from L1 or, after that clear, from the loader: never an exception
      assertEquals("v1", a.getOrSet(hot, String.class, Duration.ofMinutes(5), loader));
      // misses go to the loader; 100 of them do not mean 100 Redis calls once the breaker is open
      for (int i = 0; i < 100; i++) {
        int n = i;
        assertEquals("x" + n, a.getOrSet("cold:" + n, String.class, Duration.ofMinutes(5), () -> "x" + n));
      }
      assertEquals(1, a.stats().circuitOpens());
      assertTrue(a.stats().l2Errors() < 20, "Redis calls while open: " + a.stats().l2Errors());
      // values loaded during the outage are served from L1
      assertEquals("x5", a.getOrSet("cold:5", String.class, Duration.ofMinutes(5), () -> "reloaded"));
      // invalidation does not throw either
      a.invalidateGroup("venture:2");
      a.invalidate("cold:6");
      assertTrue(a.get("missing", String.class).isEmpty());
      a.put("during", "outage", Duration.ofMinutes(1));
    } finally {
      redis.server().restartStandalone();
    }
    Eventually.within(Duration.ofSeconds(10), "a's L1 cleared again after the subscription is back",
        () -> a.stats().l1Clears() > clearsDuringOutage);
    Eventually.within(Duration.ofSeconds(10), "b's L1 cleared after the subscription is back",
        () -> b.stats().l1Clears() >= 1);
    // the group invalidation made during the outage was queued and replayed (INCR on the empty server)
    var raw = caches.raw().sync();
    Eventually.within(Duration.ofSeconds(10), "the queued group invalidation replayed",
        () -> raw.get(caches.namespace() + ":{venture:2}:gen") != null);
    version.set(2);
    // the restarted server is empty and L1 was cleared: the value is loaded again, then cached again
    Eventually.within(Duration.ofSeconds(10), "a reading through again",
        () -> "v2".equals(a.getOrSet(hot, String.class, Duration.ofMinutes(5), loader)));
    Eventually.within(Duration.ofSeconds(10), "b getting a's value from Redis", () -> {
      b.clearLocal();
      long l2Hits = b.stats().l2Hits();
      return "v2".equals(b.getOrSet(hot, String.class, Duration.ofMinutes(5), loader)) && b.stats().l2Hits() > l2Hits;
    });
  }

  @Test
  void slowRedis_commandTimesOut_callerGetsTheLoadedValue() throws Exception {
    TieredCache a = caches.standalone("a", b -> b.commandTimeout(Duration.ofMillis(100)).coherence(false));
    a.put("warm", "w", Duration.ofMinutes(1)); // connected before the pause
    StatefulRedisConnection<String, String> admin = caches.raw();
    a.clearLocal();
    long pausedUntil = System.nanoTime() + 500_000_000L;
    admin.sync().clientPause(500);
    try {
      CompletableFuture<String> r = CompletableFuture.supplyAsync(
          () -> a.getOrSet("slow", String.class, Duration.ofMinutes(1), () -> "loaded"));
      assertEquals("loaded", r.get());
      assertTrue(a.stats().l2Errors() >= 1, "the GET timed out: " + a.stats());
    } finally {
      // the pause applies to every client (CLIENT UNPAUSE would wait too): let it end before the next test
      Thread.sleep(Math.max(0, (pausedUntil - System.nanoTime()) / 1_000_000 + 50));
    }
  }

  @Test
  void subscriptionCut_L1IsClearedWhenResubscribed_thenReadsGoToRedis() {
    TieredCache a = caches.standalone("a");
    AtomicInteger version = new AtomicInteger(1);
    CacheKey key = CacheKey.of("venture:3", "context");
    assertEquals("v1", cached(a, key, version));
    assertEquals("v1", cached(a, key, version));
    assertEquals(1, a.stats().l1Hits());
    caches.raw().sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
    // cleared when the cut is seen, and again once resubscribed (what was filled meanwhile may have missed messages)
    Eventually.within(Duration.ofSeconds(10), "L1 cleared after resubscription", () -> a.stats().l1Clears() == 2);
    long l2Hits = a.stats().l2Hits();
    assertEquals("v1", cached(a, key, version));
    assertEquals(l2Hits + 1, a.stats().l2Hits(), "served from Redis, not from the cleared L1");
  }

  @Test
  void redisUnreachableAtStart_buildSucceeds_andServesFromLoader() {
    TieredCache a = TieredCache.builder().name("nowhere").redis("redis://127.0.0.1:1").commandTimeout(Duration.ofMillis(100))
        .build();
    try {
      assertEquals("v", a.getOrSet("k", String.class, Duration.ofMinutes(1), () -> "v"));
      assertEquals("v", a.getOrSet("k", String.class, Duration.ofMinutes(1), () -> "other"));
      assertEquals(1, a.stats().circuitOpens());
    } finally {
      a.close();
    }
  }
}
