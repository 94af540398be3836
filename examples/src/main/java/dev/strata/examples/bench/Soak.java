package dev.strata.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.dataset.DatasetSummary;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.TestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import dev.strata.core.StrataJdbi;
import dev.strata.core.dashboard.DashboardLoader;
import dev.strata.core.dashboard.DashboardQueries;
import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded soak: one-round-trip dashboard loads back to back on the 1,000-user dataset for the given minutes,
 * reporting latency over the whole soak and heap after GC at its start and end (a leak shows as growth).
 */
final class Soak {

  private static final Logger log = LoggerFactory.getLogger(Soak.class);

  private final int minutes;

  Soak(int minutes) {
    this.minutes = minutes;
  }

  void run(PostgreSQL pg, BenchNetwork network, Results results) throws Exception {
    TestDatabase db = pg.newDatabase("bench_soak");
    StrataSchema.migrate(network.dataSource(db));
    DatasetSummary summary = DatasetGenerator.builder().seed(42).users(BenchOptions.HEADLINE_USERS).build()
        .generate(network.dataSource(db));
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (HikariDataSource pool = StrataPools.create(PoolSettings.builder().jdbcUrl(network.jdbcUrl(db))
        .poolName("bench-soak").build())) {
      System.gc();
      double heapStartMb = memory.getHeapMemoryUsage().getUsed() / 1_048_576.0;
      Latencies lat = new Latencies(100_000);
      SplittableRandom rnd = new SplittableRandom(7);
      DashboardLoader loader = DashboardQueries.oneRoundTrip(StrataJdbi.create(pool));
      LocalDate monthStart = summary.baseTime().toLocalDate().withDayOfMonth(1);
      long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
      long nextLog = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (System.nanoTime() < end) {
        long user = summary.firstUserId() + rnd.nextLong(summary.users());
        long t0 = System.nanoTime();
        {
          loader.load(user, monthStart, summary.baseTime());
        }
        lat.add(System.nanoTime() - t0);
        if (System.nanoTime() > nextLog) {
          log.info("soak: {} loads, p99 so far {} us", lat.count(), lat.percentileMicros(99));
          nextLog += TimeUnit.MINUTES.toNanos(1);
        }
      }
      System.gc();
      double heapEndMb = memory.getHeapMemoryUsage().getUsed() / 1_048_576.0;
      results.put("soak.minutes_count", minutes);
      results.put("soak.loads_count", lat.count());
      results.put("soak.dashboard.single.p50_us", lat.percentileMicros(50));
      results.put("soak.dashboard.single.p99_us", lat.percentileMicros(99));
      results.put("soak.heap_start_mb", heapStartMb);
      results.put("soak.heap_end_mb", heapEndMb);
    }
  }
}
