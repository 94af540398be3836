package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fences without Redis: kept in process, highest wins, and the fenced loader's bad input. */
class FenceTest {

  private static final Duration TTL = Duration.ofMinutes(1);
  private final TieredCache cache = TieredCache.builder().name("fences").build();

  @AfterEach
  void close() {
    cache.close();
  }

  private long fenceSeen(CacheKey key) {
    return cache.getOrSet(key, Long.class, TTL, (FencedLoader<Long>) fence -> fence);
  }

  @Test
  void l1Only_invalidateGroupWithFence_nextLoadReceivesHighestFence() {
    CacheKey key = CacheKey.of("venture:1", "context");
    assertEquals(0L, fenceSeen(key));
    cache.invalidateGroup("venture:1", 7);
    assertEquals(7L, fenceSeen(key));
    cache.invalidateGroup("venture:1", 3);
    assertEquals(7L, fenceSeen(key), "a lower fence is ignored, the generation still moves");
    cache.invalidateGroup("venture:1", -1L); // 2^64 - 1 unsigned
    assertEquals(-1L, fenceSeen(key));
    cache.clearLocal();
    assertEquals(-1L, fenceSeen(key), "fences survive clearing L1");
    assertEquals(0L, fenceSeen(CacheKey.of("venture:2", "context")), "fences are per group");
  }

  @Test
  void fencedGetOrSet_badInput_namesTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cache.getOrSet(CacheKey.of("plain"), Long.class, TTL, (FencedLoader<Long>) f -> f));
    assertTrue(e.getMessage().startsWith("key must be grouped for a FencedLoader"), e.getMessage());
    assertTrue(e.getMessage().contains("'plain'"), e.getMessage());
    NullPointerException n = assertThrows(NullPointerException.class,
        () -> cache.getOrSet(CacheKey.of("g", "k"), Long.class, TTL, (FencedLoader<Long>) null));
    assertEquals("loader", n.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> cache.getOrSet(CacheKey.of("g", "k"), Long.class, Duration.ZERO, (FencedLoader<Long>) f -> f));
    assertThrows(IllegalArgumentException.class, () -> cache.invalidateGroup("a{b}", 1));
    assertThrows(NullPointerException.class, () -> cache.invalidateGroup(null, 1));
  }
}
