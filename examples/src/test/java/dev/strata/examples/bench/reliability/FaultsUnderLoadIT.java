package dev.strata.examples.bench.reliability;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.Redis;
import dev.strata.testkit.RedisClusterNodes;
import dev.strata.testkit.RedisExtension;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults under load: the mixed workload of {@link ReliabilityRun} (two application instances, four
 * threads) while real faults hit the real servers one at a time — Redis killed and restarted, Redis
 * frozen and thawed, the replica killed, frozen and its replay paused, the primary killed and
 * restarted, Qdrant stopped while content is written; and, on a Redis Cluster, a master killed. Each
 * run prints its counts and asserts 0 failed reads, 0 stale reads, 0 lost, 0 duplicated, and writes
 * failing only during the primary outage and only with Strata's exceptions.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class FaultsUnderLoadIT {

  private static final Duration HOLD = Duration.ofSeconds(3);
  private static final Duration SETTLE = Duration.ofSeconds(2);
  private static final Duration RECOVERY = Duration.ofSeconds(60);
  /** Allowance for a killed cluster master to restart and the cluster to report ok again. */
  private static final Duration CLUSTER_RESTART = Duration.ofSeconds(2);

  private static TestDatabase db;
  private static QdrantServer qdrant;

  @BeforeAll
  static void dataset(TestDatabase database) {
    assumeTrue(database.server().supportsFaultInjection(),
        "the testkit's PostgreSQL is external (environment URL): its processes cannot be signalled");
    db = database;
    StrataSchema.migrate(db.dataSource());
    DatasetGenerator.builder().seed(15).users(24).build().generate(db.dataSource());
    qdrant = Qdrant.startEmulator();
  }

  @AfterAll
  static void stopQdrant() {
    if (qdrant != null) {
      qdrant.close();
    }
  }

  @Test
  void everyFaultOneAtATime_underTheMixedWorkload_noFailedOrStaleRead_nothingLostOrDuplicated(TestRedis redis)
      throws Exception {
    Redis r = redis.server();
    assumeTrue(r.supportsFaultInjection(), "the testkit's Redis is external (environment URL): it cannot be signalled");
    PostgreSQL pg = db.server();
    List<Fault> faults = List.of(
        Fault.redisKill(r, HOLD),
        Fault.redisFreeze(r, HOLD),
        Fault.replicaKill(pg, HOLD),
        Fault.replicaFreeze(pg, HOLD),
        Fault.replayPause(pg, Duration.ofSeconds(5)),
        Fault.primaryKill(pg, HOLD),
        Fault.qdrantStop(qdrant, HOLD));
    ReliabilityRun.Report report;
    try (ReliabilityRun run = ReliabilityRun.start(db,
        b -> b.namespace(redis.keyPrefix() + "standalone").redis(r.standalone().uri()), qdrant,
        ReliabilityRun.Config.defaults())) {
      run.inject(faults, SETTLE, RECOVERY);
      run.runFor(SETTLE);
      report = run.finish(RECOVERY);
    }
    System.out.println("faults under load (" + faults.stream().map(Fault::name).toList() + "): " + report);
    assertPromise(report);
    assertEquals(faults.size(), report.recoveryMillis().size(), "every fault healed and recovered");
    assertTrue(report.failedSearches() > 0 || report.searches() > 0, "searches ran");
  }

  @Test
  void redisClusterMasterKilled_underTheMixedWorkload_noFailedOrStaleRead_nothingLostOrDuplicated(TestRedis redis)
      throws Exception {
    RedisClusterNodes cluster = redis.cluster();
    assumeTrue(cluster.supportsFaultInjection(), "the testkit's Redis Cluster is external: it cannot be signalled");
    List<Fault> faults = List.of(Fault.clusterMasterKill(cluster, 1, HOLD));
    // The other instance's bound is longer on a cluster (strata-cache's README, "Staleness bound around
    // outages"): an instance subscribed through a live node keeps its L1 copy of the dead master's groups
    // until the master is back and the writer's queued invalidation is replayed — the outage (the hold
    // and the restart) plus the usual 3 s. The writer's own instance is held to "at once" as everywhere.
    ReliabilityRun.Config config = new ReliabilityRun.Config(4, Duration.ofMillis(5), 0.2,
        HOLD.plus(CLUSTER_RESTART).plus(ReliabilityRun.DEFAULT_STALE_BOUND), 42);
    ReliabilityRun.Report report;
    try (ReliabilityRun run = ReliabilityRun.start(db,
        b -> b.namespace(redis.keyPrefix() + "cluster").redisCluster(cluster.uris()), qdrant, config)) {
      run.inject(faults, SETTLE, RECOVERY);
      run.runFor(SETTLE);
      report = run.finish(RECOVERY);
    }
    System.out.println("faults under load (" + faults.stream().map(Fault::name).toList() + "): " + report);
    assertPromise(report);
  }

  /** The promise: no read fails or is stale, nothing is lost or stored twice, writes fail only in a primary outage. */
  static void assertPromise(ReliabilityRun.Report r) {
    assertAll(
        () -> assertTrue(r.reads() > 0 && r.writes() > 0 && r.auditedReads() > 0, "the workload ran: " + r),
        () -> assertEquals(0, r.failedReads(), "failed reads: " + r),
        () -> assertEquals(0, r.staleReads(), "stale reads: " + r),
        () -> assertEquals(0, r.unexpectedWriteFailures(), "writes failing outside a primary outage, or with a foreign exception: " + r),
        () -> assertEquals(0, r.unexpectedSearchFailures(), "searches failing while Qdrant was up: " + r),
        () -> assertEquals(0, r.lost(), "lost items: " + r),
        () -> assertEquals(0, r.duplicated(), "duplicated items: " + r));
  }
}
