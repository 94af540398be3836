package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invalidations racing a load, without a reachable Redis (L1 only, and Redis down): a slow loader
 * reads the old row, the row changes and is invalidated, the loader returns. Deterministic: the loader
 * is held by a latch while the test changes the row.
 */
class LoadRaceTest {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final CacheKey KEY = CacheKey.of("venture:1", "context");
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private TieredCache cache;

  @AfterEach
  void close() {
    pool.shutdownNow();
    if (cache != null) {
      cache.close();
    }
  }

  private TieredCache cache(String kind) throws IOException {
    TieredCacheBuilder b = TieredCache.builder().name(kind);
    if (kind.equals("redisDown")) {
      b.redis("redis://127.0.0.1:" + closedPort()).commandTimeout(Duration.ofMillis(200));
    }
    cache = b.build();
    return cache;
  }

  /** A port nothing listens on: connections to it are refused at once. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"l1Only", "redisDown"})
  void getOrSet_groupInvalidatedDuringLoad_nextReadReturnsNewValue(String kind) throws Exception {
    TieredCache c = cache(kind);
    AtomicReference<String> row = new AtomicReference<>("old");
    SlowLoad slow = new SlowLoad(row);
    Future<String> first = pool.submit(() -> c.getOrSet(KEY, String.class, TTL, slow));
    slow.awaitStarted();
    row.set("new");
    c.invalidateGroup(KEY.group());
    slow.release();
    assertEquals("old", first.get(30, TimeUnit.SECONDS), "the load began before the change");
    assertEquals("new", c.getOrSet(KEY, String.class, TTL, row::get),
        "a value loaded before the group invalidation must not be served after it");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"l1Only", "redisDown"})
  void getOrSet_keyInvalidatedDuringLoad_nextReadReturnsNewValue(String kind) throws Exception {
    TieredCache c = cache(kind);
    AtomicReference<String> row = new AtomicReference<>("old");
    SlowLoad slow = new SlowLoad(row);
    Future<String> first = pool.submit(() -> c.getOrSet("plain", String.class, TTL, slow));
    slow.awaitStarted();
    row.set("new");
    c.invalidate("plain");
    slow.release();
    assertEquals("old", first.get(30, TimeUnit.SECONDS));
    assertEquals("new", c.getOrSet("plain", String.class, TTL, row::get));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"key", "group"})
  void getOrSet_callerAfterInvalidation_doesNotJoinLoadStartedBefore(String invalidation) throws Exception {
    TieredCache c = cache("l1Only");
    AtomicReference<String> row = new AtomicReference<>("old");
    SlowLoad slow = new SlowLoad(row);
    Future<String> first = pool.submit(() -> c.getOrSet(KEY, String.class, TTL, slow));
    slow.awaitStarted();
    row.set("new");
    if (invalidation.equals("key")) {
      c.invalidate(KEY);
    } else {
      c.invalidateGroup(KEY.group());
    }
    // a caller that joined the first load would wait for it: it is only released after this one answered
    Future<String> second = pool.submit(() -> c.getOrSet(KEY, String.class, TTL, row::get));
    try {
      assertEquals("new", second.get(30, TimeUnit.SECONDS), "a read begun after the invalidation");
    } catch (TimeoutException e) {
      throw new AssertionError("the caller arriving after the invalidation joined the load that began before it", e);
    } finally {
      slow.release();
    }
    assertEquals("old", first.get(30, TimeUnit.SECONDS));
    assertEquals("new", c.getOrSet(KEY, String.class, TTL, () -> "reloaded"),
        "the older load finishing last must not replace the newer value");
  }
}
