package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.Eventually;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fenced group invalidations with Redis: the fence is stored with the generation bump, the group keeps
 * the highest one (unsigned, exact above 2^53), and a fenced loader on any instance receives it with
 * the generation its value is stored under.
 */
class FenceIT extends AbstractRedisCacheIT {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(20); // a slow reply on a busy machine is not a miss
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** The fence a fenced load of {@code key} on {@code c} receives (the loaded value is the fence). */
  private static long fenceSeenBy(TieredCache c, CacheKey key) {
    return c.getOrSet(key, Long.class, TTL, (FencedLoader<Long>) fence -> fence);
  }

  @Test
  void invalidateGroup_withFence_otherInstanceReloadsWithThatFence() {
    TieredCache a = caches.standalone("a", b -> b.commandTimeout(TIMEOUT));
    TieredCache b = caches.standalone("b", x -> x.commandTimeout(TIMEOUT));
    CacheKey key = CacheKey.of("venture:1", "context");
    assertEquals(0L, fenceSeenBy(b, key), "no fence recorded yet");
    a.invalidateGroup("venture:1", 0x16B3748L);
    // B drops its L1 copy when A's message arrives, asynchronously (until then its L1 copy is served)
    Eventually.within(TIMEOUT, "B's reload after A's fenced invalidation", () -> fenceSeenBy(b, key) == 0x16B3748L);
    assertEquals(0x16B3748L, fenceSeenBy(a, key), "A's own reload");
  }

  @Test
  void invalidateGroup_keepsHighestFence_unsignedAndExact() {
    TieredCache a = caches.standalone("a", b -> b.commandTimeout(TIMEOUT));
    TieredCache b = caches.standalone("b", x -> x.disableL1().commandTimeout(TIMEOUT));
    CacheKey key = CacheKey.of("venture:2", "stats");
    long[][] steps = {
        {5, 5}, {3, 5}, {0, 5},
        // 2^53 + 1 and 2^53 are one double apart only in exact arithmetic: a comparison through Lua numbers would keep either
        {0x20000000000001L, 0x20000000000001L}, {0x20000000000000L, 0x20000000000001L},
        // above 2^63: negative as a signed long, the highest as an unsigned one
        {0x8000000000000001L, 0x8000000000000001L}, {0x7FFFFFFFFFFFFFFFL, 0x8000000000000001L}};
    for (long[] step : steps) {
      a.invalidateGroup("venture:2", step[0]);
      assertEquals(step[1], fenceSeenBy(b, key), "after recording fence " + Long.toHexString(step[0]));
    }
    String stored = caches.raw().sync().get(caches.namespace() + ":{venture:2}:fence");
    assertEquals("8000000000000001", stored, "Redis keeps the fence as 16 hex digits");
  }

  @Test
  void invalidateGroup_withoutFence_keepsRecordedFence_andMovesGeneration() {
    TieredCache a = caches.standalone("a", b -> b.commandTimeout(TIMEOUT));
    TieredCache b = caches.standalone("b", x -> x.commandTimeout(TIMEOUT));
    CacheKey key = CacheKey.of("user:3", "dashboard");
    a.invalidateGroup("user:3", 42);
    AtomicLong loads = new AtomicLong();
    assertEquals(42L, (long) b.getOrSet(key, Long.class, TTL, (FencedLoader<Long>) f -> f + loads.incrementAndGet() * 0));
    a.invalidateGroup("user:3");
    // the message reaches B asynchronously: until it does, B still serves its L1 copy and would not reload
    Eventually.within(Duration.ofSeconds(10), "B dropping its copy on A's unfenced invalidation",
        () -> b.get(key, Long.class).isEmpty());
    assertEquals(42L, fenceSeenBy(b, key), "an unfenced invalidation neither lowers nor clears the fence");
    assertEquals(Optional.of(42L), b.get(key, Long.class), "the reload is cached");
  }

  @Test
  void fencedLoad_racingFencedInvalidation_isNotServedUnderNewGeneration_andNextLoadSeesNewFence() throws Exception {
    TieredCache a = caches.standalone("a", b -> b.commandTimeout(TIMEOUT));
    TieredCache b = caches.standalone("b", x -> x.commandTimeout(TIMEOUT));
    CacheKey key = CacheKey.of("venture:4", "context");
    a.invalidateGroup("venture:4", 10);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Long> old = pool.submit(() -> b.getOrSet(key, Long.class, TTL, (FencedLoader<Long>) fence -> {
      started.countDown();
      release.await(30, TimeUnit.SECONDS);
      return fence; // what a replica at position 10 returns
    }));
    assertEquals(true, started.await(30, TimeUnit.SECONDS));
    a.invalidateGroup("venture:4", 20); // the write at position 20 commits while B's load is running
    release.countDown();
    assertEquals(10L, old.get(30, TimeUnit.SECONDS), "the older load's own caller");
    // B's L1 keeps the older load's value until A's message (the new generation) arrives, asynchronously
    Eventually.within(TIMEOUT, "B's next read loading afresh with the new fence", () -> fenceSeenBy(b, key) == 20L);
    assertEquals(20L, fenceSeenBy(a, key), "and A reads what B stored");
    assertNotEquals(Optional.of(10L), a.get(key, Long.class));
  }

  @Test
  void fencedInvalidation_whileRedisStopped_isHonouredLocally_andReplayedWithItsFence() {
    assumeTrue(redis.server().supportsFaultInjection(), "needs the embedded Redis (stop/restart)");
    TieredCache a = caches.standalone("a");
    TieredCache b = caches.standalone("b", x -> x.disableL1());
    CacheKey key = CacheKey.of("venture:5", "context");
    a.invalidateGroup("venture:5", 7);
    redis.server().stopStandalone();
    try {
      a.invalidateGroup("venture:5", 99); // queued: Redis is down
      assertEquals(99L, fenceSeenBy(a, key), "A's load during the outage uses the fence it knows");
    } finally {
      redis.server().restartStandalone();
    }
    Eventually.within(Duration.ofSeconds(10), "B reloading with the replayed fence", () -> fenceSeenBy(b, key) == 99L);
    assertEquals("0000000000000063", caches.raw().sync().get(caches.namespace() + ":{venture:5}:fence"));
  }
}
