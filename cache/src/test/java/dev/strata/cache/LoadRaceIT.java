package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A read that begins after an invalidation returned never gets a value loaded before it, with Redis:
 * it does not join the older load, and the older load finishing last overwrites neither tier.
 * Deterministic: the older loader is held by a latch.
 */
class LoadRaceIT extends AbstractRedisCacheIT {

  private static final Duration TTL = Duration.ofMinutes(5);
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @ParameterizedTest(name = "{0} key, {1}, L1 {2}")
  @CsvSource({"plain, invalidate, true", "grouped, invalidate, true", "grouped, invalidateGroup, true",
      "plain, invalidate, false", "grouped, invalidateGroup, false"})
  void getOrSet_callerAfterInvalidation_getsNewValue_andOlderLoadOverwritesNeitherTier(String kind, String invalidation,
      boolean l1) throws Exception {
    // a generous timeout: on a busy machine a slow Redis reply must not turn a read into a miss
    Duration timeout = Duration.ofSeconds(20);
    TieredCache a = caches.standalone("a", b -> (l1 ? b : b.disableL1()).commandTimeout(timeout));
    TieredCache reader = caches.standalone("reader", b -> b.disableL1().commandTimeout(timeout));
    String name = "row:" + invalidation + ":" + l1; // the invocations share the method's namespace
    CacheKey key = kind.equals("plain") ? CacheKey.of(name) : CacheKey.of("venture:" + invalidation + ":" + l1, name);
    AtomicReference<String> row = new AtomicReference<>("old");
    SlowLoad slow = new SlowLoad(row);
    Future<String> first = pool.submit(() -> a.getOrSet(key, String.class, TTL, slow));
    slow.awaitStarted();
    row.set("new");
    if (invalidation.equals("invalidate")) {
      a.invalidate(key);
    } else {
      a.invalidateGroup(key.group());
    }
    Future<String> second = pool.submit(() -> a.getOrSet(key, String.class, TTL, row::get));
    try {
      assertEquals("new", second.get(30, TimeUnit.SECONDS), "a read begun after the invalidation");
    } catch (TimeoutException e) {
      throw new AssertionError("the caller arriving after the invalidation joined the load that began before it", e);
    } finally {
      slow.release();
    }
    assertEquals("old", first.get(30, TimeUnit.SECONDS), "the older load's own caller");
    assertEquals(Optional.of("new"), reader.get(key, String.class), "Redis after the older load finished");
    assertEquals("new", a.getOrSet(key, String.class, TTL, () -> "reloaded"), "the loading instance afterwards");
  }

  @org.junit.jupiter.api.Test
  void getOrSet_withoutL1_callerAfterAnotherInstanceInvalidatedTheGroup_doesNotJoinTheOlderLoad() throws Exception {
    Duration timeout = Duration.ofSeconds(20);
    TieredCache writer = caches.standalone("writer", b -> b.commandTimeout(timeout));
    // no L1 and so no subscription: this instance hears nothing of the writer's invalidations
    TieredCache reader = caches.standalone("reader", b -> b.disableL1().commandTimeout(timeout));
    CacheKey key = CacheKey.of("venture:other", "context");
    AtomicReference<String> row = new AtomicReference<>("old");
    SlowLoad slow = new SlowLoad(row);
    Future<String> first = pool.submit(() -> reader.getOrSet(key, String.class, TTL, slow));
    slow.awaitStarted(); // the load has read Redis (generation 0) and the old row
    row.set("new");
    writer.invalidateGroup(key.group());
    Future<String> second = pool.submit(() -> reader.getOrSet(key, String.class, TTL, row::get));
    try {
      assertEquals("new", second.get(30, TimeUnit.SECONDS), "a read begun after the other instance's invalidation");
    } catch (TimeoutException e) {
      throw new AssertionError("the caller arriving after the other instance's invalidation joined the older load", e);
    } finally {
      slow.release();
    }
    assertEquals("old", first.get(30, TimeUnit.SECONDS), "the older load's own caller");
    assertEquals(Optional.of("new"), writer.get(key, String.class), "Redis under the new generation");
  }
}
