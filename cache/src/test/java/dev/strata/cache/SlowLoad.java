package dev.strata.cache;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A controlled slow database read: reads the row when it starts, signals {@link #started}, and returns
 * what it read only once {@link #release()} is called — so a test can change the row and invalidate
 * while the load is in flight, without sleeping.
 */
final class SlowLoad implements CacheLoader<String> {

  private final AtomicReference<String> row;
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  SlowLoad(AtomicReference<String> row) {
    this.row = row;
  }

  @Override
  public String load() throws Exception {
    String read = row.get();
    started.countDown();
    if (!release.await(60, TimeUnit.SECONDS)) { // longer than the tests wait for a result
      throw new AssertionError("the slow load was never released");
    }
    return read;
  }

  /** Waits until the loader has read the row. */
  void awaitStarted() throws InterruptedException {
    if (!started.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the slow load did not start");
    }
  }

  void release() {
    release.countDown();
  }
}
