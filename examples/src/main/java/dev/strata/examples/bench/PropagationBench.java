package dev.strata.examples.bench;

import dev.strata.cache.TieredCache;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast a write reaches another instance: two caches (both with L1) on one Redis; a reader thread
 * polls {@code get} on instance B in a tight loop while instance A {@code put}s a new value. A sample is
 * the time from just before A's {@code put} until B's reader first returns the new value: the SET and
 * its message (one script), the message's delivery to B, B dropping its L1 copy, and B's Redis read.
 * Between samples B's L1 holds the current value, so the reader is served by L1 until the message
 * lands.
 */
final class PropagationBench {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final String KEY = "propagation";

  private final String uri;
  private final String ns;
  private final boolean quick;

  PropagationBench(String uri, String ns, boolean quick) {
    this.uri = uri;
    this.ns = ns;
    this.quick = quick;
  }

  void run(BenchContext ctx) throws Exception {
    int warmup = 50;
    int samples = quick ? 400 : 2_000;
    Latencies lat = new Latencies(samples);
    try (TieredCache a = CacheScenario.cache(uri, ns, "bench-prop-a", true);
         TieredCache b = CacheScenario.cache(uri, ns, "bench-prop-b", true)) {
      a.put(KEY, 0L, TTL);
      if (b.get(KEY, Long.class).orElseThrow() != 0L) {
        throw new IllegalStateException("instance B does not see instance A's value");
      }
      AtomicLong wanted = new AtomicLong();
      AtomicLong seenAt = new AtomicLong();
      Semaphore seen = new Semaphore(0);
      AtomicBoolean stop = new AtomicBoolean();
      Thread reader = new Thread(() -> {
        long last = 0;
        while (!stop.get()) {
          long want = wanted.get();
          Optional<Long> v = b.get(KEY, Long.class);
          if (want > last && v.isPresent() && v.get() == want) {
            seenAt.set(System.nanoTime());
            last = want;
            seen.release();
          }
        }
      }, "bench-prop-reader");
      reader.setDaemon(true);
      reader.start();
      try {
        for (long i = 1; i <= warmup + samples; i++) {
          wanted.set(i);
          long t0 = System.nanoTime();
          a.put(KEY, i, TTL);
          if (!seen.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("instance B did not see write " + i + " within 10 s");
          }
          if (i > warmup) {
            lat.add(seenAt.get() - t0);
          }
        }
      } finally {
        stop.set(true);
        reader.join(10_000);
      }
    }
    ctx.put("cache.invalidation_propagation.p50_us", lat.percentileMicros(50));
    ctx.put("cache.invalidation_propagation.p99_us", lat.percentileMicros(99));
  }
}
