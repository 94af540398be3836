package dev.strata.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cache.CacheListener;
import dev.strata.cache.CacheTier;
import dev.strata.cache.TieredCache;
import dev.strata.testkit.RedisExtension;
import dev.strata.testkit.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The writing instance sees its own write: once {@code put} or {@code invalidate} returned, no read on
 * that instance returns the value Redis held before, even when a read on the same instance fetched it
 * from Redis during the write. The interleavings are forced with a seam between the write's local drop
 * and its Redis call, and a listener that holds the reader between its Redis read and its L1 fill.
 */
@ExtendWith(RedisExtension.class)
class WriteOrderingIT {

  private static final Duration TTL = Duration.ofMinutes(5);
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<TieredCache> open = new ArrayList<>();
  private final HoldAfterRedisRead hold = new HoldAfterRedisRead();
  private TestRedis redis;
  private String namespace;

  @BeforeEach
  void setUp(TestRedis redis, TestInfo info) {
    this.redis = redis;
    this.namespace = redis.keyPrefix() + info.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    open.forEach(TieredCache::close);
  }

  private DefaultTieredCache cache(String name) {
    // a generous timeout: on a busy machine a slow Redis reply must not turn a read into a miss
    TieredCache c = TieredCache.builder().name(name).namespace(namespace).redis(redis.standalone().uri())
        .commandTimeout(Duration.ofSeconds(20)).listener(hold).build();
    open.add(c);
    return (DefaultTieredCache) c;
  }

  /** Holds the chosen thread right after its Redis read returned a value, before that value fills L1. */
  private static final class HoldAfterRedisRead implements CacheListener {
    volatile Thread target;
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch resume = new CountDownLatch(1);

    @Override
    public void onHit(CacheTier tier) {
      if (tier == CacheTier.L2 && Thread.currentThread() == target) {
        target = null;
        held.countDown();
        await(resume);
      }
    }
  }

  /** Holds the writing thread between its local drop and its Redis call. */
  private static final class HoldWriter implements Runnable {
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch resume = new CountDownLatch(1);
    final AtomicBoolean once = new AtomicBoolean();

    @Override
    public void run() {
      if (once.compareAndSet(false, true)) {
        held.countDown();
        await(resume);
      }
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

  @Test
  void put_readFetchedOldValueDuringWrite_andFillsAfterPutReturned_writerStillServesNewValue() throws Exception {
    DefaultTieredCache a = cache("a");
    a.put("k", "old", TTL);
    HoldWriter writer = new HoldWriter();
    a.afterLocalDrop(writer);
    Future<?> put = pool.submit(() -> a.put("k", "new", TTL));
    await(writer.held); // the local copy is dropped; Redis still holds "old"
    Future<Optional<String>> read = pool.submit(() -> {
      hold.target = Thread.currentThread();
      return a.get("k", String.class);
    });
    await(hold.held); // the reader has fetched "old" from Redis and not yet filled L1
    writer.resume.countDown();
    put.get(30, TimeUnit.SECONDS);
    hold.resume.countDown();
    assertEquals("old", read.get(30, TimeUnit.SECONDS).orElseThrow(), "that read began before the put returned");
    assertEquals("new", a.get("k", String.class).orElseThrow(), "a read after put returned, on the writing instance");
  }

  @Test
  void invalidate_readFetchedOldValueBeforeDelete_writerServesNothingStaleAfterReturn() throws Exception {
    DefaultTieredCache a = cache("a");
    a.put("k", "old", TTL);
    HoldWriter writer = new HoldWriter();
    a.afterLocalDrop(writer);
    Future<?> invalidate = pool.submit(() -> a.invalidate("k"));
    await(writer.held);
    assertEquals("old", a.get("k", String.class).orElseThrow(), "read from Redis before the delete, filled into L1");
    writer.resume.countDown();
    invalidate.get(30, TimeUnit.SECONDS);
    assertEquals(Optional.empty(), a.get("k", String.class), "a read after invalidate returned, on the writing instance");
  }

  @Test
  void invalidate_readFetchedOldValueBeforeDelete_andFillsAfterReturn_writerServesNothingStale() throws Exception {
    DefaultTieredCache a = cache("a");
    a.put("k", "old", TTL);
    HoldWriter writer = new HoldWriter();
    a.afterLocalDrop(writer);
    Future<?> invalidate = pool.submit(() -> a.invalidate("k"));
    await(writer.held);
    Future<Optional<String>> read = pool.submit(() -> {
      hold.target = Thread.currentThread();
      return a.get("k", String.class);
    });
    await(hold.held);
    writer.resume.countDown();
    invalidate.get(30, TimeUnit.SECONDS);
    hold.resume.countDown();
    read.get(30, TimeUnit.SECONDS);
    assertEquals(Optional.empty(), a.get("k", String.class));
  }

  /**
   * The measurement as a test: readers spinning on the writing instance while it alternates
   * invalidations (odd versions) and puts (even versions). Each read notes the last write that had
   * returned when it began and the last that had begun when it ended: a value must be that write's or a
   * later one's, and an absence needs an invalidation among them. This holds for every interleaving.
   */
  @Test
  void putAndInvalidate_spinningReadersOnWritingInstance_neverSeeAValueOlderThanTheLastReturnedWrite() throws Exception {
    DefaultTieredCache a = cache("a");
    AtomicLong begun = new AtomicLong();
    AtomicLong done = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger stale = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();
    List<String> examples = new CopyOnWriteArrayList<>();
    a.put("k", "0", TTL);
    List<Future<?>> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(pool.submit(() -> {
        while (!stop.get()) {
          long floor = done.get();
          Optional<String> v = a.get("k", String.class);
          long ceiling = begun.get();
          reads.incrementAndGet();
          boolean ok = v.isPresent() ? Long.parseLong(v.get()) >= floor : floor % 2 == 1 || ceiling > floor;
          if (!ok) {
            stale.incrementAndGet();
            if (examples.size() < 5) {
              examples.add("read " + v + " after write " + floor + " returned");
            }
          }
        }
      }));
    }
    for (long n = 1; n <= 600; n++) {
      begun.set(n);
      if (n % 2 == 0) {
        a.put("k", Long.toString(n), TTL);
      } else {
        a.invalidate("k");
      }
      done.set(n);
      Optional<String> own = a.get("k", String.class);
      assertEquals(n % 2 == 0 ? Optional.of(Long.toString(n)) : Optional.empty(), own, "the writer's own read after write " + n);
    }
    stop.set(true);
    for (Future<?> f : readers) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertTrue(reads.get() > 0);
    assertEquals(0, stale.get(), "stale reads on the writing instance among " + reads.get() + ": " + examples);
  }
}
