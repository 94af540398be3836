package dev.strata.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.cache.TieredCache;
import dev.strata.testkit.Eventually;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fill that passed its ticket check just before an invalidation of its key must not be served after
 * the invalidation returned. It used to put its entry after the invalidation's removal and take it out
 * only at its re-check: a read on the invalidating thread in between was served the old value
 * (WriteOrderingIT's spinning readers saw it now and then). The interleaving is forced with seams.
 */
class FillInvalidateRaceTest {

  private static final Duration TTL = Duration.ofMinutes(5);
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final TieredCache cache = TieredCache.builder().name("race").build(); // L1 only

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    cache.close();
  }

  @Test
  void fillCheckedBeforeAnInvalidation_neverServedAfterTheInvalidationReturned() throws Exception {
    DefaultTieredCache c = (DefaultTieredCache) cache;
    Pause checked = new Pause();
    Pause put = new Pause();
    c.fillSeams(checked, put);
    Future<String> load = pool.submit(() -> cache.getOrSet("k", String.class, TTL, () -> "old"));
    checked.awaitHeld(); // the load passed its ticket check; its entry is not in L1 yet
    AtomicReference<Thread> invalidator = new AtomicReference<>();
    Future<?> invalidate = pool.submit(() -> {
      invalidator.set(Thread.currentThread());
      cache.invalidate("k");
    });
    // the invalidation either completes now (nothing excludes it from the fill) or waits for the fill
    Eventually.within(Duration.ofSeconds(30), "the invalidation returned or waiting for the fill",
        () -> invalidate.isDone() || invalidator.get() != null && invalidator.get().getState() == Thread.State.BLOCKED);
    checked.resume();
    put.awaitHeld(); // the entry is in L1
    if (invalidate.isDone()) {
      assertEquals(Optional.empty(), cache.get("k", String.class),
          "the load's entry is served after the invalidation of its key returned");
    }
    put.resume();
    assertEquals("old", load.get(30, TimeUnit.SECONDS)); // it began before the invalidation
    invalidate.get(30, TimeUnit.SECONDS);
    c.fillSeams(null, null);
    assertEquals(Optional.empty(), cache.get("k", String.class), "a read after the invalidation returned");
  }

  /** Holds the first thread that runs it until {@link #resume()}. */
  private static final class Pause implements Runnable {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch resume = new CountDownLatch(1);
    private final AtomicBoolean once = new AtomicBoolean();

    @Override
    public void run() {
      if (once.compareAndSet(false, true)) {
        held.countDown();
        await(resume);
      }
    }

    void awaitHeld() {
      await(held);
    }

    void resume() {
      resume.countDown();
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
