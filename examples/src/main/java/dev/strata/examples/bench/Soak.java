package dev.strata.examples.bench;

import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.schema.StrataSchema;
import dev.strata.examples.bench.reliability.Fault;
import dev.strata.examples.bench.reliability.ReliabilityRun;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.Redis;
import dev.strata.testkit.TestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak: the faults-under-load workload ({@link ReliabilityRun}: two application instances, four
 * threads, dashboards, contexts, monthly figures, content writes, searches) for the given minutes,
 * with a fault injected {@link #SETTLE} after the previous one recovered, in turn — the primary
 * killed, Qdrant stopped, Redis killed, the replica killed, Redis frozen, the replica frozen, its
 * replay paused (5 s) — each held {@link #HOLD}.
 * Reports {@code reliability.*}: the run's counts, heap after GC at the start (after the first
 * settle) and at the end, and the largest L1 size sampled every second against its bound.
 */
final class Soak {

  private static final Logger log = LoggerFactory.getLogger(Soak.class);

  static final Duration HOLD = Duration.ofSeconds(3);
  static final Duration SETTLE = Duration.ofSeconds(4);
  /** Each instance's L1 bound: small, so that the dataset's pages exceed it and eviction is exercised. */
  static final long L1_BOUND = 300;
  static final int USERS = 200;

  private final int minutes;

  Soak(int minutes) {
    this.minutes = minutes;
  }

  void run(PostgreSQL pg, Results results) throws Exception {
    TestDatabase db = pg.newDatabase("bench_soak");
    StrataSchema.migrate(db.dataSource());
    DatasetGenerator.builder().seed(42).users(USERS).build().generate(db.dataSource());
    Redis redis = Redis.shared();
    if (!pg.supportsFaultInjection() || !redis.supportsFaultInjection()) {
      throw new IllegalStateException("the soak injects faults: it needs the testkit's embedded servers, "
          + "not servers from STRATA_TEST_* environment variables");
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
    try (QdrantServer qdrant = Qdrant.startEmulator();
        ReliabilityRun run = ReliabilityRun.start(db, b -> b.namespace("bench-soak").redis(redis.standalone().uri())
            .l1MaximumSize(L1_BOUND), qdrant, ReliabilityRun.Config.defaults())) {
      List<Fault> cycle = List.of(Fault.primaryKill(pg, HOLD), Fault.qdrantStop(qdrant, HOLD), Fault.redisKill(redis, HOLD),
          Fault.replicaKill(pg, HOLD), Fault.redisFreeze(redis, HOLD), Fault.replicaFreeze(pg, HOLD),
          Fault.replayPause(pg, Duration.ofSeconds(5)));
      AtomicLong maxL1 = new AtomicLong();
      Thread sampler = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          maxL1.accumulateAndGet(run.largestL1Size(), Math::max);
          try {
            Thread.sleep(1_000);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "soak-l1-sampler");
      sampler.setDaemon(true);
      sampler.start();
      run.runFor(SETTLE);
      double heapStartMb = heapAfterGc(memory);
      int injected = 0;
      while (System.nanoTime() + SETTLE.plus(HOLD).toNanos() < end) {
        Fault f = cycle.get(injected++ % cycle.size());
        run.inject(List.of(f), SETTLE, Duration.ofSeconds(60));
        log.info("soak: {} faults injected, {} s left", injected,
            Math.max(0, TimeUnit.NANOSECONDS.toSeconds(end - System.nanoTime())));
      }
      run.runFor(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
      ReliabilityRun.Report report = run.finish(Duration.ofSeconds(120));
      sampler.interrupt();
      double heapEndMb = heapAfterGc(memory);
      System.out.println("soak: " + report);
      results.put("reliability.minutes_count", minutes);
      results.put("reliability.faults_injected.count", injected);
      report.metrics("reliability").forEach(results::put);
      results.put("reliability.heap_start_mb", heapStartMb);
      results.put("reliability.heap_end_mb", heapEndMb);
      results.put("reliability.l1_size_max.count", maxL1.get());
      results.put("reliability.l1_bound.count", L1_BOUND);
    }
  }

  private static double heapAfterGc(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed() / 1_048_576.0;
  }
}
