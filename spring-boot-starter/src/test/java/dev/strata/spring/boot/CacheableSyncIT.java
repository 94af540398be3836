package dev.strata.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cache.CacheListener;
import dev.strata.cache.CacheTier;
import dev.strata.spring.boot.cache.StrataCacheAutoConfiguration;
import dev.strata.testkit.Redis;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @Cacheable(sync = true)} through the starter's CacheManager: concurrent callers of a missing
 * key share one load. The loader is held on a latch until every caller has looked the key up and
 * missed (a listener counts the L1 misses), so without single flight each caller would run it.
 */
class CacheableSyncIT {

  private static final int CALLERS = 6;

  /** A loader held until the test releases it. */
  static class Reports {
    final AtomicInteger loads = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    public int loads() {
      return loads.get();
    }

    public void release() {
      release.countDown();
    }

    String load(int id) throws InterruptedException {
      loads.incrementAndGet();
      assertTrue(release.await(30, TimeUnit.SECONDS), "released");
      return "report-" + id;
    }

    @Cacheable(cacheNames = "reports", sync = true)
    public String report(int id) throws InterruptedException {
      return load(id);
    }

    @Cacheable(cacheNames = "reports")
    public String reportUnsynchronized(int id) throws InterruptedException {
      return load(id);
    }
  }

  /** Counts L1 misses: each caller's lookup, made before it joins (or starts) a load. */
  static class Misses implements CacheListener {
    final CountDownLatch all = new CountDownLatch(CALLERS);

    @Override
    public void onMiss(CacheTier tier) {
      if (tier == CacheTier.L1) {
        all.countDown();
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class App {
    @Bean
    Reports reports() {
      return new Reports();
    }

    @Bean
    Misses misses() {
      return new Misses();
    }
  }

  private static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(StrataCacheAutoConfiguration.class))
        .withUserConfiguration(App.class)
        .withPropertyValues("strata.cache.namespace=sync-" + UUID.randomUUID().toString().substring(0, 8),
            "strata.cache.redis=" + Redis.shared().standalone().uri());
  }

  @Test
  void cacheableSync_concurrentCallersOfAMissingKey_shareOneLoad() throws Exception {
    runner().run(ctx -> assertEquals(1, callConcurrently(ctx.getBean(Reports.class), ctx.getBean(Misses.class), true)));
  }

  /** The control: the same schedule without sync runs the method once per caller, so the test above can fail. */
  @Test
  void cacheableWithoutSync_concurrentCallersOfAMissingKey_eachLoad() throws Exception {
    runner().run(ctx -> assertEquals(CALLERS, callConcurrently(ctx.getBean(Reports.class), ctx.getBean(Misses.class), false)));
  }

  private static int callConcurrently(Reports reports, Misses misses, boolean sync) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        results.add(pool.submit(() -> sync ? reports.report(42) : reports.reportUnsynchronized(42)));
      }
      assertTrue(misses.all.await(30, TimeUnit.SECONDS), "every caller missed while the first load is held");
      reports.release();
      for (Future<String> r : results) {
        assertEquals("report-42", r.get(30, TimeUnit.SECONDS));
      }
      return reports.loads();
    } finally {
      reports.release();
      pool.shutdownNow();
    }
  }
}
