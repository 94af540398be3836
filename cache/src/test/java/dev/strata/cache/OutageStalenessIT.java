package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.Eventually;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The staleness bound around Redis outages: an instance that did not issue an invalidation stops
 * serving the old value promptly, whether Redis was restarted (the subscription drops) or frozen
 * (connections stay open, the issuer's invalidation waits in its queue).
 */
class OutageStalenessIT extends AbstractRedisCacheIT {

  private static final Duration TTL = Duration.ofMinutes(5);
  private final CacheKey key = CacheKey.of("venture:9", "context");

  @Test
  void redisStopped_otherInstanceDropsItsPreOutageL1Copy_onceTheDisconnectIsSeen() {
    assumeTrue(redis.server().supportsFaultInjection(), "needs the embedded Redis (stop/restart)");
    TieredCache a = caches.standalone("a", x -> x.commandTimeout(Duration.ofMillis(200)));
    TieredCache b = caches.standalone("b", x -> x.commandTimeout(Duration.ofMillis(200)));
    AtomicInteger version = new AtomicInteger(1);
    assertEquals("v1", cached(a, key, version));
    assertEquals("v1", cached(b, key, version));
    assertEquals("v1", cached(b, key, version));
    assertEquals(1, b.stats().l1Hits());

    redis.server().stopStandalone();
    try {
      version.set(2);
      a.invalidate(key); // queued: Redis is down, b cannot hear it
      // b's subscription dropped with the server: its L1 copy predates the interruption and may have
      // missed invalidations, so b stops serving it instead of waiting for the resubscription
      Eventually.within(Duration.ofSeconds(5), "b no longer serving its pre-outage copy",
          () -> "v2".equals(cached(b, key, version)));
    } finally {
      redis.server().restartStandalone();
    }
    assertEquals("v2", cached(b, key, version));
    assertEquals("v2", cached(a, key, version));
  }

  @Test
  void redisStopped_valueLoadedDuringTheOutage_servedNoLongerThanL1TtlWhileUnsubscribed() {
    assumeTrue(redis.server().supportsFaultInjection(), "needs the embedded Redis (stop/restart)");
    TieredCache b = caches.standalone("b", x -> x.commandTimeout(Duration.ofMillis(200))
        .l1TtlWhileUnsubscribed(Duration.ofMillis(300)));
    AtomicInteger version = new AtomicInteger(1);
    assertEquals("v1", cached(b, key, version));
    redis.server().stopStandalone();
    try {
      Eventually.within(Duration.ofSeconds(5), "b seeing its subscription drop", () -> b.stats().l1Clears() == 1);
      version.set(2);
      assertEquals("v2", cached(b, key, version)); // loaded: Redis is down and L1 was cleared
      version.set(3); // changed where b cannot hear about it
      // without the bound, b's copy would live for its 5-minute TTL while Redis is down
      Eventually.within(Duration.ofSeconds(5), "b's outage copy expiring", () -> "v3".equals(cached(b, key, version)));
    } finally {
      redis.server().restartStandalone();
    }
  }

  @Test
  void redisFrozen_subscriptionHeartbeatUnanswered_preFreezeL1CopyNoLongerServed() {
    assumeTrue(redis.server().supportsFaultInjection(), "needs the embedded Redis (freeze/thaw)");
    // the connection stays open while frozen: only the heartbeat can tell that nothing gets through
    TieredCache b = caches.standalone("b", x -> x.commandTimeout(Duration.ofMillis(100)));
    AtomicInteger version = new AtomicInteger(1);
    assertEquals("v1", cached(b, key, version));
    assertEquals("v1", cached(b, key, version));
    assertEquals(1, b.stats().l1Hits());
    redis.server().freezeStandalone();
    try {
      Eventually.within(Duration.ofSeconds(5), "b seeing its subscription not answer", () -> b.stats().l1Clears() == 1);
      version.set(2);
      assertEquals("v2", cached(b, key, version)); // L1 cleared, Redis times out: loaded
    } finally {
      redis.server().thawStandalone();
    }
    Eventually.within(Duration.ofSeconds(5), "b clearing L1 again once the subscription answers",
        () -> b.stats().l1Clears() == 2);
  }

  @Test
  void redisFrozen_invalidationQueuedByTheOpenBreaker_reachesTheOtherInstanceRightAfterTheThaw() throws Exception {
    assumeTrue(redis.server().supportsFaultInjection(), "needs the embedded Redis (freeze/thaw)");
    // a's breaker opens after two timeouts and stays open 2 s: without a prompt replay, its queued
    // invalidation would wait for the breaker's probe (2 s) and the next maintenance tick (1 s)
    TieredCache a = caches.standaloneDefaults("a", x -> x.commandTimeout(Duration.ofMillis(150))
        .circuitBreaker(2, Duration.ofSeconds(2)));
    TieredCache b = caches.standaloneDefaults("b", x -> x.disableL1()); // reads Redis every time
    AtomicInteger version = new AtomicInteger(1);
    assertEquals("v1", cached(a, key, version));
    assertEquals("v1", cached(b, key, version));

    redis.server().freezeStandalone();
    try {
      for (int i = 0; a.stats().circuitOpens() == 0; i++) {
        int n = i;
        a.getOrSet("cold:" + n, String.class, TTL, () -> "x" + n); // times out: counts towards the breaker
      }
      version.set(2);
      a.invalidate(key); // refused by the open breaker, queued without reaching Redis
    } finally {
      redis.server().thawStandalone();
    }
    long thawed = System.nanoTime();
    // Redis answers again with the old value until a replays: within a probe interval (25 ms) and a
    // few round trips, where the breaker's probe and the maintenance tick took 2 to 3 s
    Eventually.within(Duration.ofSeconds(10), "b reading the new value", () -> "v2".equals(cached(b, key, version)));
    long staleMs = (System.nanoTime() - thawed) / 1_000_000;
    if (staleMs >= 1_500) {
      throw new AssertionError("b read the invalidated value from Redis for " + staleMs + " ms after the thaw");
    }
    assertEquals("v2", cached(a, key, version));
    assertEquals("v2", cached(a, key, version));
  }
}
