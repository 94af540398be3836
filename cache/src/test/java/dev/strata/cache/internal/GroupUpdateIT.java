package dev.strata.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.cache.CacheKey;
import dev.strata.cache.FencedLoader;
import dev.strata.cache.GroupUpdate;
import dev.strata.cache.TieredCache;
import dev.strata.cache.ValueType;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.RedisExtension;
import dev.strata.testkit.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code TieredCache.updateGroup} against real Redis: the patched values are served on every instance
 * without a load, kept keys survive, the others are invalidated, the fence is recorded; and the races
 * (interleavings forced with the seam between the update's read and its script): a refill that began
 * before the write, a concurrent patch, an invalidation and a {@code put} racing the patch never make a
 * value that misses a write, or resurrect one. The cached value is a top-5 of ids, newest first, over a
 * "database" (a set of ids); the patch inserts the written id and trims, as the venture module's do.
 */
@ExtendWith(RedisExtension.class)
class GroupUpdateIT {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final ValueType<List<Long>> TOP = ValueType.listOf(Long.class);
  private static final String GROUP = "venture:1";
  private static final CacheKey KEY = CacheKey.of(GROUP, "top");
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<TieredCache> open = new ArrayList<>();
  /** The source of truth: ids written so far. */
  private final Set<Long> db = new ConcurrentSkipListSet<>();
  private TestRedis redis;
  private String namespace;

  @BeforeEach
  void setUp(TestRedis redis, TestInfo info) {
    this.redis = redis;
    this.namespace = redis.keyPrefix() + info.getTestMethod().orElseThrow().getName();
    db.addAll(List.of(1L, 2L, 3L));
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    open.forEach(TieredCache::close);
  }

  private DefaultTieredCache cache(String name, boolean l1) {
    return cache(name, l1, Duration.ofSeconds(1));
  }

  private DefaultTieredCache cache(String name, boolean l1, Duration recomputeLease) {
    var b = TieredCache.builder().name(name).namespace(namespace).redis(redis.standalone().uri())
        .commandTimeout(TIMEOUT).recomputeLease(recomputeLease);
    TieredCache c = (l1 ? b : b.disableL1()).build();
    open.add(c);
    return (DefaultTieredCache) c;
  }

  /** The top 5 of {@code ids}, highest first. */
  private static List<Long> top(java.util.Collection<Long> ids) {
    return ids.stream().distinct().sorted(Comparator.reverseOrder()).limit(5).toList();
  }

  /** The patch of a write that added {@code id}: insert by id, then trim (pure, idempotent, order-independent). */
  private static UnaryOperator<List<Long>> adding(long id) {
    return old -> {
      List<Long> all = new ArrayList<>(old);
      all.add(id);
      return top(all);
    };
  }

  /** A write of {@code id}: the row, then the write-through (fence = the id). */
  private boolean write(TieredCache c, long id) {
    db.add(id);
    return c.updateGroup(GROUP, id, Map.of("top", GroupUpdate.patch(TOP, adding(id))));
  }

  private List<Long> load(TieredCache c) {
    return c.getOrSet(KEY, TOP, TTL, () -> top(db));
  }

  /** The value a reader with no L1 gets: Redis's, or a fresh load. */
  private List<Long> fresh() {
    return load(cache("fresh", false));
  }

  @Test
  void patchedValue_isServedOnEveryInstanceWithoutLoad_keptKeySurvives_othersInvalidated_fenceRecorded() {
    TieredCache a = cache("a", true);
    TieredCache b = cache("b", true);
    AtomicInteger loads = new AtomicInteger();
    assertEquals(List.of(3L, 2L, 1L), load(b));
    b.getOrSet(CacheKey.of(GROUP, "kept"), String.class, TTL, () -> "k0");
    b.getOrSet(CacheKey.of(GROUP, "other"), String.class, TTL, () -> "o0");

    db.add(4L);
    assertTrue(a.updateGroup(GROUP, 0x2A, Map.of("top", GroupUpdate.patch(TOP, adding(4)), "kept", GroupUpdate.keep(),
        "absent", GroupUpdate.patch(TOP, adding(4)))), "nothing raced: patched");

    assertEquals(List.of(4L, 3L, 2L, 1L), a.getOrSet(KEY, TOP, TTL, () -> {
      loads.incrementAndGet();
      return List.of();
    }), "the writer's own read");
    // B hears the new generation asynchronously; until then it serves its L1 copy
    Eventually.within(TIMEOUT, "B serving the patched value", () -> b.getOrSet(KEY, TOP, TTL, () -> {
      loads.incrementAndGet();
      return List.of();
    }).equals(List.of(4L, 3L, 2L, 1L)));
    assertEquals("k0", b.getOrSet(CacheKey.of(GROUP, "kept"), String.class, TTL, () -> "reloaded"));
    assertEquals(0, loads.get(), "patched and kept keys are hits");
    assertEquals("o1", b.getOrSet(CacheKey.of(GROUP, "other"), String.class, TTL, () -> "o1"), "unlisted: invalidated");
    assertEquals(Optional.empty(), b.get(CacheKey.of(GROUP, "absent"), TOP), "absent stays absent");
    assertEquals(0x2AL, (long) b.getOrSet(CacheKey.of(GROUP, "fenced"), Long.class, TTL, (FencedLoader<Long>) f -> f));
  }

  @Test
  void refillThatBeganBeforeTheWrite_doesNotOverwriteThePatchedValue() throws Exception {
    DefaultTieredCache a = cache("a", true);
    DefaultTieredCache b = cache("b", true);
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Long> before = top(db);
    Future<List<Long>> refill = pool.submit(() -> b.getOrSet(KEY, TOP, TTL, () -> {
      loading.countDown();
      assertTrue(release.await(30, TimeUnit.SECONDS));
      return before; // read from the database before the write
    }));
    assertTrue(loading.await(30, TimeUnit.SECONDS));
    // another instance's load of the same rows lands first (a plain SET under the generation, no message;
    // without a lease, so that it does not wait for B's)
    DefaultTieredCache c = cache("c", false, Duration.ZERO);
    assertEquals(before, c.getOrSet(KEY, TOP, TTL, () -> before));
    assertTrue(write(a, 4), "patched");
    release.countDown();
    assertEquals(before, refill.get(30, TimeUnit.SECONDS), "the refill's own caller");
    assertEquals(List.of(4L, 3L, 2L, 1L), fresh(), "Redis keeps the patched value");
    Eventually.within(TIMEOUT, "B serving the write", () -> load(b).equals(List.of(4L, 3L, 2L, 1L)));
  }

  @Test
  void twoConcurrentPatches_bothEndUpInTheValue() {
    DefaultTieredCache a = cache("a", true);
    DefaultTieredCache b = cache("b", true);
    load(a);
    AtomicInteger raced = new AtomicInteger();
    a.betweenGroupReadAndUpdate(() -> {
      if (raced.getAndIncrement() == 0) {
        assertTrue(write(b, 5), "B's patch, alone");
      }
    });
    boolean patched = write(a, 4);
    assertEquals(List.of(5L, 4L, 3L, 2L, 1L), fresh());
    assertFalse(patched, "A read the value before B's patch: invalidated instead");
    assertEquals(List.of(5L, 4L, 3L, 2L, 1L), load(a));
    assertTrue(write(b, 6), "sequential patches both apply");
    assertEquals(List.of(6L, 5L, 4L, 3L, 2L), fresh());
  }

  @Test
  void patchRacingAnInvalidation_doesNotResurrectTheOldValue() {
    DefaultTieredCache a = cache("a", true);
    DefaultTieredCache b = cache("b", true);
    load(a);
    a.betweenGroupReadAndUpdate(() -> {
      db.remove(2L); // a write the patch knows nothing of: its writer invalidates the group
      b.invalidateGroup(GROUP, 99);
    });
    boolean patched = write(a, 4);
    assertEquals(List.of(4L, 3L, 1L), fresh(), "the removed row does not come back");
    assertFalse(patched, "invalidated instead");
    assertEquals(List.of(4L, 3L, 1L), load(a));
  }

  @Test
  void patchRacingAPutOfTheKey_keepsThePut() {
    DefaultTieredCache a = cache("a", true);
    DefaultTieredCache b = cache("b", true);
    load(a);
    a.betweenGroupReadAndUpdate(() -> {
      db.add(50L); // another write, whose writer puts the fresh value
      b.put(KEY, TOP, top(db), TTL);
    });
    boolean patched = write(a, 4);
    assertEquals(List.of(50L, 4L, 3L, 2L, 1L), fresh(), "the put's value is not patched over; the group reloads");
    assertFalse(patched, "the key changed since it was read");
  }

  @Test
  void manyConcurrentWritersAndReaders_endWithTheDatabasesTop() throws Exception {
    DefaultTieredCache a = cache("a", true);
    DefaultTieredCache b = cache("b", true);
    List<Future<?>> tasks = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      TieredCache c = w % 2 == 0 ? a : b;
      long first = 100 + w * 50L;
      tasks.add(pool.submit(() -> {
        for (long id = first; id < first + 50; id++) {
          write(c, id);
          load(c);
        }
        return null;
      }));
    }
    for (Future<?> t : tasks) {
      t.get(60, TimeUnit.SECONDS);
    }
    assertEquals(top(db), fresh());
    Eventually.within(TIMEOUT, "both instances serving the database's top", () -> load(a).equals(top(db))
        && load(b).equals(top(db)));
  }

  @Test
  void updateGroups_patchesEachGroupOnItsOwn_aRacedOneIsInvalidated() {
    DefaultTieredCache a = cache("a", true);
    DefaultTieredCache b = cache("b", true);
    CacheKey other = CacheKey.of("user:9", "top");
    load(a);
    a.getOrSet(other, TOP, TTL, () -> List.of(7L));
    a.betweenGroupReadAndUpdate(() -> b.invalidateGroup("user:9", 5));
    db.add(4L);
    java.util.Set<String> patched = a.updateGroups(4, Map.of(GROUP, Map.of("top", GroupUpdate.patch(TOP, adding(4))),
        "user:9", Map.of("top", GroupUpdate.patch(TOP, adding(4)))));
    assertEquals(java.util.Set.of(GROUP), patched, "user:9 was invalidated between the reads and the scripts");
    assertEquals(List.of(4L, 3L, 2L, 1L), fresh());
    assertEquals(List.of(8L), a.getOrSet(other, TOP, TTL, () -> List.of(8L)), "user:9 reloads");
    assertEquals(5L, (long) a.getOrSet(CacheKey.of("user:9", "fence"), Long.class, TTL, (FencedLoader<Long>) f -> f));
    assertEquals(4L, (long) a.getOrSet(CacheKey.of(GROUP, "fence"), Long.class, TTL, (FencedLoader<Long>) f -> f));
  }

  @Test
  void readWithoutL1BegunAfterThePatch_doesNotJoinAReadThatFetchedTheOldValue() throws Exception {
    DefaultTieredCache a = cache("a", true);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<Thread> target = new java.util.concurrent.atomic.AtomicReference<>();
    TieredCache b = TieredCache.builder().name("b").namespace(namespace).redis(redis.standalone().uri())
        .commandTimeout(TIMEOUT).disableL1().listener(new dev.strata.cache.CacheListener() {
          @Override
          public void onHit(dev.strata.cache.CacheTier tier) {
            if (tier == dev.strata.cache.CacheTier.L2 && target.compareAndSet(Thread.currentThread(), null)) {
              held.countDown();
              try {
                assertTrue(resume.await(30, TimeUnit.SECONDS));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        }).build();
    open.add(b);
    load(a);
    // a read on B fetches the value from Redis, and is held before it records the generation it read
    Future<List<Long>> older = pool.submit(() -> {
      target.set(Thread.currentThread());
      return load(b);
    });
    assertTrue(held.await(30, TimeUnit.SECONDS));
    assertTrue(write(a, 4));
    Future<List<Long>> newer = pool.submit(() -> load(b)); // begins after the write returned
    try {
      Eventually.within(TIMEOUT, "B's newer read completing on its own while the older one is held", newer::isDone);
    } finally {
      resume.countDown();
    }
    assertEquals(List.of(4L, 3L, 2L, 1L), newer.get(30, TimeUnit.SECONDS));
    assertEquals(List.of(3L, 2L, 1L), older.get(30, TimeUnit.SECONDS), "the older read began before the write");
  }

  @Test
  void withRedisStopped_isAnInvalidation_replayedWhenBack() {
    assumeTrue(redis.server().supportsFaultInjection(), "needs the embedded Redis (stop/restart)");
    DefaultTieredCache a = cache("a", true);
    load(a);
    redis.server().stopStandalone();
    try {
      assertFalse(write(a, 4));
      assertEquals(List.of(4L, 3L, 2L, 1L), load(a), "the writer's L1 no longer serves the old value");
    } finally {
      redis.server().restartStandalone();
    }
    Eventually.within(TIMEOUT, "a reader without L1 seeing the write", () -> fresh().equals(List.of(4L, 3L, 2L, 1L)));
  }
}
