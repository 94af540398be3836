package dev.strata.examples.bench;

import dev.strata.cache.CacheKey;
import dev.strata.cache.TieredCache;
import dev.strata.cache.TieredCacheBuilder;
import dev.strata.testkit.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * strata-cache across instances (several {@link TieredCache}s in this JVM, each with its own Redis
 * connections, as separate processes would have):
 *
 * <ul>
 *   <li>loads per expiry of one hot key (TTL 2 s, ~20,000 reads/s shared by 1, 2 or 4 instances, a
 *       10 ms loader): with the recompute lease one instance recomputes per expiry, with XFetch on or off;
 *       without it (the baseline) every instance recomputed;
 *   <li>the outage stale window: instance A invalidates a key while Redis is down (stopped and
 *       restarted, or frozen with SIGSTOP and thawed after A's breaker opened), and instance B, reading
 *       the key all along, is watched for the last time it returns the old value after Redis answers again.
 * </ul>
 * The outage part needs testkit's embedded Redis (it is skipped otherwise) and runs last: a restarted
 * server is empty.
 */
final class CoherenceBench {

  private static final Duration HOT_TTL = Duration.ofSeconds(2);
  private static final int READS_PER_SECOND = 20_000;
  private static final long LOADER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final String uri;
  private final String ns;
  private final boolean quick;

  CoherenceBench(String uri, String ns, boolean quick) {
    this.uri = uri;
    this.ns = ns;
    this.quick = quick;
  }

  void run(BenchContext ctx) throws Exception {
    int expiries = quick ? 2 : 6; // 2 s each: --quick keeps its four runs under 5 s apiece
    for (int n : new int[] {1, 2, 4}) {
      ctx.put("cache.loads_per_expiry.instances_" + n, loadsPerExpiry(n, expiries, b -> b));
    }
    if (!quick) {
      ctx.put("cache.loads_per_expiry_xfetch_off.instances_4", loadsPerExpiry(4, expiries, b -> b.earlyRecomputeBeta(0)));
    }
    ctx.put("cache.loads_per_expiry_no_lease.instances_4", loadsPerExpiry(4, expiries, b -> b.recomputeLease(Duration.ZERO)));
    if (!Redis.shared().supportsFaultInjection()) {
      ctx.note("cache.outage", "outage stale windows not measured: Redis is not testkit's embedded server");
      return;
    }
    int runs = quick ? 2 : 5;
    double restart = 0;
    double pause = 0;
    for (int i = 0; i < runs; i++) {
      restart = Math.max(restart, staleWindowMs(false, i));
      pause = Math.max(pause, staleWindowMs(true, i));
    }
    ctx.put("cache.outage_stale_window_ms.restart", restart);
    ctx.put("cache.outage_stale_window_ms.pause", pause);
  }

  /**
   * {@code n} instances share ~{@value #READS_PER_SECOND} reads/s of one key for {@code expiries}
   * TTLs and half a TTL more; loader calls after the first, per expiry. Loads less than half a TTL
   * apart count as one expiry's (XFetch moves a recomputation before the expiry by an amount that
   * varies with the last load's time, so counting TTL periods would miscount).
   */
  private double loadsPerExpiry(int n, int expiries, UnaryOperator<TieredCacheBuilder> more) throws Exception {
    String space = ns + ":hot" + System.nanoTime();
    List<TieredCache> caches = new ArrayList<>();
    AtomicInteger loads = new AtomicInteger();
    ConcurrentLinkedQueue<Long> loadTimes = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> readers = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        caches.add(more.apply(TieredCache.builder().name("bench-hot-" + i).namespace(space).redis(uri).ttlJitter(0))
            .build());
      }
      CacheKey key = CacheKey.of("venture:1", "stats");
      caches.get(0).getOrSet(key, Long.class, HOT_TTL, () -> load(loads, null));
      long end = System.nanoTime() + HOT_TTL.toNanos() * expiries + HOT_TTL.toNanos() / 2;
      int perMs = Math.max(1, READS_PER_SECOND / 1_000 / n);
      for (TieredCache c : caches) {
        Thread t = new Thread(() -> {
          while (!stop.get() && System.nanoTime() < end) {
            for (int r = 0; r < perMs; r++) {
              c.getOrSet(key, Long.class, HOT_TTL, () -> load(loads, loadTimes));
            }
            LockSupport.parkNanos(1_000_000);
          }
        }, "bench-hot-reader");
        t.start();
        readers.add(t);
      }
      for (Thread t : readers) {
        t.join();
      }
      List<Long> times = new ArrayList<>(loadTimes);
      Collections.sort(times);
      int clusters = 0;
      long previous = Long.MIN_VALUE;
      for (long t : times) {
        if (clusters == 0 || t - previous > HOT_TTL.toNanos() / 2) {
          clusters++;
        }
        previous = t;
      }
      return clusters == 0 ? 0 : (double) times.size() / clusters;
    } finally {
      stop.set(true);
      for (Thread t : readers) {
        t.join();
      }
      caches.forEach(TieredCache::close);
    }
  }

  private static long load(AtomicInteger loads, ConcurrentLinkedQueue<Long> times) {
    LockSupport.parkNanos(LOADER_NANOS); // a short database query
    if (times != null) {
      times.add(System.nanoTime());
    }
    return loads.incrementAndGet();
  }

  /**
   * One outage: A and B hold "v1"; Redis goes away (stopped, or frozen until A's breaker is open);
   * the value changes and A invalidates it; Redis comes back. Returns how long after Redis answered
   * B last returned "v1" (0 if it never did).
   */
  private double staleWindowMs(boolean freeze, int run) throws Exception {
    Redis redis = Redis.shared();
    String space = ns + ":outage" + run + (freeze ? "f" : "r");
    UnaryOperator<TieredCacheBuilder> settings = b -> b.namespace(space).redis(uri).commandTimeout(Duration.ofMillis(100));
    AtomicInteger version = new AtomicInteger(1);
    CacheKey key = CacheKey.of("venture:7", "context");
    try (TieredCache a = settings.apply(TieredCache.builder().name("bench-outage-a")).build();
         TieredCache b = settings.apply(TieredCache.builder().name("bench-outage-b")).build()) {
      a.getOrSet(key, String.class, Duration.ofMinutes(5), () -> "v" + version.get());
      b.getOrSet(key, String.class, Duration.ofMinutes(5), () -> "v" + version.get());
      AtomicLong lastOld = new AtomicLong(Long.MIN_VALUE);
      AtomicBoolean stop = new AtomicBoolean();
      Thread reader = new Thread(() -> {
        while (!stop.get()) {
          String v = b.getOrSet(key, String.class, Duration.ofMinutes(5), () -> "v" + version.get());
          if ("v1".equals(v)) {
            lastOld.set(System.nanoTime());
          }
          LockSupport.parkNanos(200_000);
        }
      }, "bench-outage-reader");
      reader.start();
      long answered;
      try {
        if (freeze) {
          redis.freezeStandalone();
          try {
            for (int i = 0; a.stats().circuitOpens() == 0; i++) {
              int n = i;
              a.getOrSet("cold:" + n, String.class, Duration.ofMinutes(1), () -> "x" + n); // times out
            }
            version.set(2);
            a.invalidate(key); // refused by A's open breaker: queued
          } finally {
            redis.thawStandalone();
          }
        } else {
          redis.stopStandalone();
          try {
            Thread.sleep(200); // long enough for B to notice, as in any real restart
            version.set(2);
            a.invalidate(key); // Redis is down: queued
          } finally {
            redis.restartStandalone();
          }
        }
        answered = System.nanoTime();
        Thread.sleep(1_500); // the window before the fix was about a second
      } finally {
        stop.set(true);
        reader.join();
      }
      long last = lastOld.get();
      return last == Long.MIN_VALUE || last <= answered ? 0 : (last - answered) / 1e6;
    }
  }
}
