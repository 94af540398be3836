package dev.strata.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.cache.CacheKey;
import dev.strata.cache.FencedLoader;
import dev.strata.cache.TieredCache;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.RedisExtension;
import dev.strata.testkit.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The writing instance's own reads around a Redis freeze and a Redis restart, the two faults around
 * which FaultsUnderLoadIT (examples) saw the writer serve its pre-write value 45 ms to 1.4 s after
 * its write returned. A "database" here is a committed version with the fence of its commit, and a
 * replica behind it: a fenced load with a fence below the commit's reads the previous version.
 */
@ExtendWith(RedisExtension.class)
class WriterReadsAroundOutagesIT {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final CacheKey KEY = CacheKey.of("venture:5", "dashboard");
  private final List<TieredCache> open = new ArrayList<>();
  private TestRedis redis;
  private String namespace;
  /** The committed version and the fence of its commit; a load with a lower fence reads version - 1. */
  private volatile long version = 1;
  private volatile long commitFence = 0;

  @BeforeEach
  void setUp(TestRedis redis, TestInfo info) {
    this.redis = redis;
    this.namespace = redis.keyPrefix() + info.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void tearDown() {
    open.forEach(TieredCache::close);
  }

  private DefaultTieredCache cache(String name, Duration commandTimeout) {
    TieredCache c = TieredCache.builder().name(name).namespace(namespace).redis(redis.standalone().uri())
        .commandTimeout(commandTimeout).circuitBreaker(2, Duration.ofSeconds(2)).build();
    open.add(c);
    return (DefaultTieredCache) c;
  }

  private String read(TieredCache c) {
    return c.getOrSet(KEY, String.class, TTL, (FencedLoader<String>) fence ->
        "v" + (Long.compareUnsigned(fence, commitFence) >= 0 ? version : version - 1));
  }

  /** A write: the new version commits at {@code fence}, then the writer invalidates the group with it. */
  private void write(TieredCache c, long fence) {
    version++;
    commitFence = fence;
    c.invalidateGroup(KEY.group(), fence);
  }

  /**
   * The writer's invalidation is queued (the breaker is open during a freeze). After the thaw a replay
   * takes the queue and sends it; a read on the writer that starts meanwhile found the queue empty and
   * read Redis, which still held the pre-write value under the old generation — and returned it (an L2
   * hit; an L1 hit too when a coherence clear had reset the generations this instance knew).
   */
  @Test
  void redisFrozen_readWhileTheQueuedGroupInvalidationIsBeingReplayed_getsTheWrite() {
    assumeTrue(redis.server().supportsFaultInjection(), "needs the embedded Redis (freeze/thaw)");
    DefaultTieredCache a = cache("a", Duration.ofMillis(150));
    assertEquals("v1", read(a)); // in Redis and in a's L1
    whileReplayingQueuedWrite(a, () -> write(a, 100), () ->
        assertEquals("v2", read(a), "a read on the writer after its write returned, while its invalidation is replayed"));
    assertEquals("v2", read(a));
  }

  /** The same with a key invalidation, whose replay moves no generation: only the queue tells reads to wait. */
  @Test
  void redisFrozen_readWhileTheQueuedKeyInvalidationIsBeingReplayed_getsTheWrite() {
    assumeTrue(redis.server().supportsFaultInjection(), "needs the embedded Redis (freeze/thaw)");
    DefaultTieredCache a = cache("a", Duration.ofMillis(150));
    assertEquals("v1", readPlain(a));
    whileReplayingQueuedWrite(a, () -> {
      version++;
      a.invalidate("plain");
    }, () -> assertEquals("v2", readPlain(a), "a read on the writer after its write returned, during the replay"));
    assertEquals("v2", readPlain(a));
  }

  private String readPlain(TieredCache c) {
    return c.getOrSet("plain", String.class, TTL, () -> "v" + version);
  }

  /**
   * Freezes Redis, opens a's breaker, runs {@code write} (its invalidation is refused by the breaker and
   * queued, never sent to the frozen server), thaws, and runs {@code check} while a's maintenance
   * thread holds the replay between taking the queue and sending it.
   */
  private void whileReplayingQueuedWrite(DefaultTieredCache a, Runnable write, Runnable check) {
    CountDownLatch replaying = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    AtomicBoolean once = new AtomicBoolean();
    redis.server().freezeStandalone();
    try {
      for (int i = 0; a.stats().circuitOpens() == 0; i++) {
        int n = i;
        a.getOrSet("cold:" + n, String.class, TTL, () -> "x" + n); // times out: counts towards the breaker
      }
      write.run();
      a.duringReplay(() -> {
        if (once.compareAndSet(false, true)) {
          replaying.countDown();
          await(resume);
        }
      });
    } finally {
      redis.server().thawStandalone();
    }
    await(replaying);
    try {
      check.run();
    } finally {
      resume.countDown();
    }
  }

  /**
   * Redis restarts empty: the group's generation and fence are gone. Another instance that knows
   * neither (started after the restart, or missed the writer's message) loads with fence 0 from a
   * replica behind the writer's commit and stores the old version under generation 0. The writer knew
   * a higher generation, but its coherence clears (disconnect, resubscription) forgot it, and it took
   * the value from Redis.
   */
  @Test
  void redisRestartedEmpty_valueStoredUnderTheLostGenerationByAnotherInstance_notServedToTheWriter() {
    assumeTrue(redis.server().supportsFaultInjection(), "needs the embedded Redis (stop/restart)");
    DefaultTieredCache a = cache("a", Duration.ofMillis(200));
    assertEquals("v1", read(a));
    write(a, 200);
    assertEquals("v2", read(a));
    long clears = a.stats().l1Clears();
    redis.server().stopStandalone();
    redis.server().restartStandalone();
    Eventually.within(Duration.ofSeconds(10), "a seeing the restart and resubscribing",
        () -> a.stats().l1Clears() >= clears + 2);
    DefaultTieredCache b = cache("b", Duration.ofMillis(200));
    assertEquals("v1", read(b), "b knows no fence: its load reads the replica behind a's commit");
    assertEquals("v2", read(a), "the writer's read after its write returned");
    assertEquals("v2", read(a));
  }

  /**
   * After a freeze, Redis's generation can be below the one the writer counted to by itself while its
   * invalidation was queued. The writer's next invalidations must still move Redis past what it knows,
   * so that Redis values stored under the lower generation are never taken again.
   */
  @Test
  void redisGenerationBelowTheWriters_nextInvalidationMovesRedisPastIt() {
    DefaultTieredCache a = cache("a", Duration.ofSeconds(5));
    assertEquals("v1", read(a));
    write(a, 300);
    assertEquals("v2", read(a));
    var raw = io.lettuce.core.RedisClient.create(redis.standalone().uri());
    try (var conn = raw.connect()) {
      String genKey = namespace + ":{" + KEY.group() + "}:gen";
      long g = Long.parseLong(conn.sync().get(genKey));
      conn.sync().set(genKey, Long.toString(g - 5)); // as if Redis lost the last invalidations
      write(a, 400);
      assertEquals("v3", read(a));
      long after = Long.parseLong(conn.sync().get(genKey));
      assertTrue(after > g, "Redis's generation " + after + " is not past the one a knew, " + g);
    } finally {
      raw.shutdown();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
