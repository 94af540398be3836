package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.Eventually;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Group (generation) invalidation, key invalidation and SCAN + UNLINK pattern invalidation, on standalone Redis. */
class InvalidationIT extends AbstractRedisCacheIT {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration COHERENCE_BOUND = Duration.ofSeconds(2);

  @Test
  void invalidateGroup_isOneGenerationBump_oldEntriesStayUntilTtl_newReadsReload() {
    TieredCache a = caches.standalone("a");
    AtomicInteger version = new AtomicInteger(1);
    for (int i = 0; i < 10; i++) {
      cached(a, CacheKey.of("venture:42", "k" + i), version);
    }
    cached(a, CacheKey.of("venture:43", "k0"), version);
    RedisCommands<String, String> raw = caches.raw().sync();
    long before = raw.dbsize();
    version.set(2);
    a.invalidateGroup("venture:42");
    String generation = raw.get(caches.namespace() + ":{venture:42}:gen");
    assertTrue(generation != null && generation.matches("[0-9]{16}"),
        "a new group's generation starts from the server's clock in microseconds, was: " + generation);
    assertEquals(before + 1, raw.dbsize(), "nothing deleted, only the generation key created");
    for (int i = 0; i < 10; i++) {
      assertEquals("v2", cached(a, CacheKey.of("venture:42", "k" + i), version));
    }
    assertEquals("v1", cached(a, CacheKey.of("venture:43", "k0"), version), "other groups untouched");
  }

  @Test
  void invalidateGroup_reachesSecondInstanceL1_withinBound() {
    TieredCache a = caches.standalone("a");
    TieredCache b = caches.standalone("b");
    AtomicInteger version = new AtomicInteger(1);
    CacheKey key = CacheKey.of("venture:7", "dashboard");
    assertEquals("v1", cached(a, key, version));
    assertEquals("v1", cached(b, key, version));
    assertEquals("v1", cached(b, key, version));
    assertEquals(1, b.stats().l1Hits());
    version.set(2);
    a.invalidateGroup("venture:7");
    Eventually.within(COHERENCE_BOUND, "b's L1 dropping venture:7", () -> "v2".equals(cached(b, key, version)));
    assertEquals("v2", cached(a, key, version));
  }

  @Test
  void invalidate_groupedAndUngroupedKey_reachesBothTiersAndOtherL1() {
    TieredCache a = caches.standalone("a");
    TieredCache b = caches.standalone("b");
    AtomicInteger version = new AtomicInteger(1);
    CacheKey grouped = CacheKey.of("venture:9", "context");
    CacheKey sibling = CacheKey.of("venture:9", "stats");
    CacheKey plain = CacheKey.of("plain");
    for (CacheKey k : List.of(grouped, sibling, plain)) {
      cached(a, k, version);
      cached(b, k, version);
    }
    version.set(2);
    a.invalidate(grouped);
    a.invalidate(plain);
    assertEquals("v2", cached(a, grouped, version));
    assertEquals("v2", cached(a, plain, version));
    Eventually.within(COHERENCE_BOUND, "b's L1 dropping the keys",
        () -> "v2".equals(cached(b, grouped, version)) && "v2".equals(cached(b, plain, version)));
    assertEquals("v1", cached(b, sibling, version), "only the invalidated key of the group");
  }

  @Test
  void invalidateMatching_scansAndUnlinks_onlyMatchingKeys_inRedisAndEveryL1() {
    TieredCache a = caches.standalone("a");
    TieredCache b = caches.standalone("b");
    AtomicInteger version = new AtomicInteger(1);
    for (int u = 1; u <= 2_500; u++) { // more than one SCAN batch
      a.put("user:" + u + ":ventures", "v1", TTL);
    }
    cached(a, CacheKey.of("user:1:profile"), version);
    cached(b, CacheKey.of("user:5:ventures"), version);
    assertEquals(2_500, a.invalidateMatching("user:*:ventures"));
    RedisCommands<String, String> raw = caches.raw().sync();
    assertEquals(List.of(), raw.scan(ScanArgs.Builder.matches(caches.namespace() + ":user:*:ventures").limit(10_000)).getKeys());
    version.set(2);
    assertEquals("v2", cached(a, CacheKey.of("user:2:ventures"), version));
    assertEquals("v1", cached(a, CacheKey.of("user:1:profile"), version));
    Eventually.within(COHERENCE_BOUND, "b's L1 dropping user:5:ventures",
        () -> "v2".equals(cached(b, CacheKey.of("user:5:ventures"), version)));
  }

  @Test
  void groupKeys_shareOneHashSlot() {
    TieredCache a = caches.standalone("a");
    AtomicInteger version = new AtomicInteger(1);
    for (int i = 0; i < 20; i++) {
      cached(a, CacheKey.of("venture:5", "k" + i), version);
    }
    a.invalidateGroup("venture:5");
    RedisCommands<String, String> raw = caches.raw().sync();
    List<String> keys = raw.scan(ScanArgs.Builder.matches(caches.namespace() + ":{venture:5}*").limit(10_000)).getKeys();
    assertEquals(21, keys.size(), keys.toString());
    Set<Integer> slots = new HashSet<>();
    keys.forEach(k -> slots.add(redis.cluster().slotOf(k)));
    assertEquals(1, slots.size());
  }
}
