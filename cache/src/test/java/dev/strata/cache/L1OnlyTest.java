package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cache without Redis: the same API, single flight, groups and patterns in process. */
class L1OnlyTest {

  private static final Duration TTL = Duration.ofMinutes(1);
  private final TieredCache cache = TieredCache.builder().name("l1").build();

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  void getOrSet_200ConcurrentMisses_loadOnce() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    List<Object> results = Concurrently.run(200, () -> cache.getOrSet("hot", Integer.class, TTL, () -> {
      Thread.sleep(200);
      return loads.incrementAndGet();
    }));
    assertEquals(1, loads.get());
    results.forEach(r -> assertEquals(1, r));
  }

  @Test
  void invalidateGroup_dropsOnlyThatGroup() {
    AtomicInteger version = new AtomicInteger(1);
    CacheLoader<String> load = () -> "v" + version.get();
    cache.getOrSet(CacheKey.of("venture:1", "a"), String.class, TTL, load);
    cache.getOrSet(CacheKey.of("venture:2", "a"), String.class, TTL, load);
    version.set(2);
    cache.invalidateGroup("venture:1");
    assertEquals("v2", cache.getOrSet(CacheKey.of("venture:1", "a"), String.class, TTL, load));
    assertEquals("v1", cache.getOrSet(CacheKey.of("venture:2", "a"), String.class, TTL, load));
    cache.invalidateGroup("venture:1");
    version.set(3);
    assertEquals("v3", cache.getOrSet(CacheKey.of("venture:1", "a"), String.class, TTL, load));
  }

  @Test
  void invalidateMatching_globOverKeyNames() {
    for (String k : List.of("user:1:ventures", "user:22:ventures", "user:1:profile", "user:[x]:ventures")) {
      cache.put(k, k, TTL);
    }
    assertEquals(0, cache.invalidateMatching("user:?:ventures"), "no Redis, nothing counted there");
    assertEquals(List.of(false, true, true, true), List.of(cache.get("user:1:ventures", String.class).isPresent(),
        cache.get("user:22:ventures", String.class).isPresent(), cache.get("user:1:profile", String.class).isPresent(),
        cache.get("user:[x]:ventures", String.class).isPresent()));
    cache.invalidateMatching("user:\\[x\\]:*");
    assertEquals(false, cache.get("user:[x]:ventures", String.class).isPresent());
    cache.invalidateMatching("user:[0-9]*");
    assertEquals(false, cache.get("user:22:ventures", String.class).isPresent());
  }

  @Test
  void ttl_expiresL1Entries() throws Exception {
    cache.put("short", "v", Duration.ofMillis(100));
    assertEquals("v", cache.get("short", String.class).orElseThrow());
    Thread.sleep(250);
    assertEquals(false, cache.get("short", String.class).isPresent());
  }
}
