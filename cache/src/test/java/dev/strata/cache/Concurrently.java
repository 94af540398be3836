package dev.strata.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one task from many threads released at the same instant. */
final class Concurrently {

  private Concurrently() {}

  /** The outcome of each caller: its value, or the exception it got. */
  static List<Object> run(int callers, Callable<Object> task) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch ready = new CountDownLatch(callers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Object>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < callers; i++) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          try {
            return task.call();
          } catch (Exception | Error e) {
            return e;
          }
        }));
      }
      ready.await();
      go.countDown();
      List<Object> out = new ArrayList<>();
      for (Future<Object> f : futures) {
        try {
          out.add(f.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
          throw new AssertionError("caller did not finish", e);
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
