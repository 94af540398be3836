package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.Eventually;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redis loses a group's generation while the instances stay subscribed — a Redis Cluster master
 * restarted empty while every instance's subscription is on another node (found by the
 * faults-under-load test: the writer's own instance served its pre-write page for seconds), a
 * failover to a replica that missed the last writes, an eviction. Here the namespace's keys are
 * deleted, which is the same loss without a disconnect. The next group invalidation must still drop
 * every L1 copy of the group: a generation counted again from 1 would be below the one the L1 entries
 * were filled under, and they would be served until their TTL.
 */
class GenerationLossIT extends AbstractRedisCacheIT {

  private static final Duration COHERENCE_BOUND = Duration.ofSeconds(5);

  @Test
  void generationLostInRedis_nextInvalidationStillDropsEveryL1Copy() {
    TieredCache a = caches.standalone("a");
    TieredCache b = caches.standalone("b");
    AtomicInteger version = new AtomicInteger(1);
    CacheKey key = CacheKey.of("venture:9", "context");
    for (int i = 0; i < 3; i++) {   // a few invalidations: the group's generation is well above 1
      version.incrementAndGet();
      a.invalidateGroup("venture:9", 100 + i);
      a.invalidateGroup("venture:9");
    }
    String filled = "v" + version.get();
    Eventually.within(COHERENCE_BOUND, "b seeing a's invalidations", () -> filled.equals(cached(b, key, version)));
    assertEquals(filled, cached(a, key, version));
    assertEquals(filled, cached(b, key, version));

    RedisCommands<String, String> raw = caches.raw().sync();
    List<String> lost = loseNamespace(raw);   // the data loss; both subscriptions stay up
    assertTrue(lost.stream().anyMatch(k -> k.endsWith(":gen")), "the group had a generation in Redis: " + lost);

    version.incrementAndGet();
    a.invalidateGroup("venture:9", 200);
    assertEquals("v" + version.get(), cached(a, key, version), "the writer's own instance serves its old L1 copy");
    Eventually.within(COHERENCE_BOUND, "b dropping its L1 copy after the invalidation",
        () -> ("v" + version.get()).equals(cached(b, key, version)));

    version.incrementAndGet();   // and unfenced invalidations after a loss likewise
    loseNamespace(raw);
    a.invalidateGroup("venture:9");
    assertEquals("v" + version.get(), cached(a, key, version), "the writer's own instance serves its old L1 copy");
    Eventually.within(COHERENCE_BOUND, "b dropping its L1 copy after the unfenced invalidation",
        () -> ("v" + version.get()).equals(cached(b, key, version)));
  }

  @Test
  void fenceLostInRedis_loadsStillGetTheHighestFenceThisInstanceKnows() {
    TieredCache a = caches.standalone("a");
    TieredCache b = caches.standalone("b");
    CacheKey key = CacheKey.of("venture:11", "context");
    a.invalidateGroup("venture:11", 5_000);
    java.util.concurrent.atomic.AtomicLong seenByB = new java.util.concurrent.atomic.AtomicLong(-1);
    Eventually.within(COHERENCE_BOUND, "b's load getting a's fence", () -> {
      b.clearLocal();
      b.getOrSet(key, String.class, Duration.ofMillis(50), (FencedLoader<String>) f -> {
        seenByB.set(f);
        return "v";
      });
      return seenByB.get() == 5_000;
    });
    loseNamespace(caches.raw().sync());     // the fence key is gone from Redis; both instances still know it
    java.util.concurrent.atomic.AtomicLong seenByA = new java.util.concurrent.atomic.AtomicLong(-1);
    a.clearLocal();
    b.clearLocal();
    a.getOrSet(key, String.class, Duration.ofMinutes(1), (FencedLoader<String>) f -> {
      seenByA.set(f);
      return "v";
    });
    assertEquals(5_000, seenByA.get(), "a's load read Redis's fence (now 0) and forgot the one it recorded itself: "
        + "it may read a replica that has not replayed a's write");
    b.invalidate(key);
    b.getOrSet(key, String.class, Duration.ofMinutes(1), (FencedLoader<String>) f -> {
      seenByB.set(f);
      return "v";
    });
    assertEquals(5_000, seenByB.get(), "b forgot the fence a's message gave it");
  }

  @Test
  void redisGenerationBehindThisInstance_ownInvalidationStillDropsItsL1Copy() {
    // An instance counts a group's generation up by itself while Redis is away (frozen: its invalidations
    // time out and are queued); after the thaw, Redis's INCR can return a number this instance already
    // passed. Here Redis's generation is set below the one a's L1 entry was filled under.
    TieredCache a = caches.standalone("a");
    AtomicInteger version = new AtomicInteger(1);
    CacheKey key = CacheKey.of("venture:12", "context");
    for (int i = 0; i < 5; i++) {
      a.invalidateGroup("venture:12", 300 + i);
    }
    assertEquals("v1", cached(a, key, version));
    assertEquals("v1", cached(a, key, version));
    RedisCommands<String, String> raw = caches.raw().sync();
    String genKey = caches.namespace() + ":{venture:12}:gen";
    long generation = Long.parseLong(raw.get(genKey));
    raw.set(genKey, Long.toString(generation - 3));
    version.set(2);
    a.invalidateGroup("venture:12", 400);
    assertEquals("v2", cached(a, key, version), "the invalidating instance serves its old L1 copy");
  }

  /** Deletes every key of this test's namespace (SCAN + DEL); returns them. */
  private List<String> loseNamespace(RedisCommands<String, String> raw) {
    List<String> keys = new ArrayList<>();
    ScanIterator.scan(raw, ScanArgs.Builder.matches(caches.namespace() + ":*").limit(500)).forEachRemaining(keys::add);
    if (!keys.isEmpty()) {
      raw.del(keys.toArray(new String[0]));
    }
    return keys;
  }
}
