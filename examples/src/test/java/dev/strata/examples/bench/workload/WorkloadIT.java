package dev.strata.examples.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.content.ContentCreated;
import dev.strata.core.content.NewContent;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.dataset.DatasetSummary;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.Redis;
import dev.strata.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workload's correctness on a tiny dataset (a few seconds): the stale-read auditor finds the
 * stale page a stack serves when it skips invalidation, and finds none for Strata, also with the
 * replica's replay paused; the server counters see the seed's KEYS; a short bounded run of every
 * stack completes with 0 stale reads for Strata.
 */
class WorkloadIT {

  private static final AtomicInteger NS = new AtomicInteger();
  private static PostgreSQL pg;
  private static TestDatabase db;
  private static QdrantServer qdrant;
  private static ServiceEndpoints ep;
  private static WorkloadData data;

  @BeforeAll
  static void servers() throws Exception {
    pg = PostgreSQL.shared();
    db = pg.newDatabase("workload_it");
    StrataSchema.migrate(db.dataSource());
    DatasetSummary s = DatasetGenerator.builder().seed(5).users(20).build().generate(db.dataSource());
    qdrant = Qdrant.startEmulator();
    ep = new ServiceEndpoints(db.jdbcUrl(), db.replicaJdbcUrl(), db.user(), db.password(),
        Redis.shared().standalone().uri(), qdrant.host(), qdrant.grpcPort());
    data = WorkloadData.load(db.dataSource(), s.baseTime());
    pg.awaitReplicaCatchUp(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    qdrant.close();
  }

  @Test
  void auditor_countsStaleDashboard_whenTheSeedPlanSkipsInvalidation() throws Exception {
    int u = userWithVenture();
    long user = data.userIds()[u];
    StaleReadAuditor auditor = new StaleReadAuditor();
    try (WorkloadStack stack = WorkloadStacks.seedPlanWithoutInvalidation(ep, data, ns())) {
      stack.dashboard(user); // cached before the write
      write(stack, auditor, u);
      auditor.checkDashboard(auditor.expected(user), stack.dashboard(user));
      auditor.checkNotifications(auditor.expected(user), stack.notifications(user)); // not cached by the seed
      stack.cleanUp();
    }
    assertEquals(2, auditor.audited());
    assertEquals(1, auditor.stale());
  }

  @Test
  void auditor_countsNothing_whenTheSeedPlanInvalidates() throws Exception {
    int u = userWithVenture();
    long user = data.userIds()[u];
    StaleReadAuditor auditor = new StaleReadAuditor();
    try (WorkloadStack stack = WorkloadStacks.seedPlan(ep, data, ns())) {
      stack.dashboard(user);
      write(stack, auditor, u);
      auditor.checkDashboard(auditor.expected(user), stack.dashboard(user));
      stack.cleanUp();
    }
    assertEquals(1, auditor.audited());
    assertEquals(0, auditor.stale());
  }

  @Test
  void strata_showsOwnWriteOnCachedPages_evenWithReplicaReplayPaused() throws Exception {
    int u = userWithVenture();
    long user = data.userIds()[u];
    StaleReadAuditor auditor = new StaleReadAuditor();
    try (WorkloadStack stack = WorkloadStacks.strata(ep, data, ns())) {
      stack.dashboard(user); // cached in L1 and Redis before the write
      stack.notifications(user);
      boolean paused = pg.supportsFaultInjection();
      if (paused) {
        pg.pauseReplay(); // the replica cannot have the write: only read-your-writes routing shows it
      }
      try {
        write(stack, auditor, u);
        auditor.checkDashboard(auditor.expected(user), stack.dashboard(user));
        auditor.checkNotifications(auditor.expected(user), stack.notifications(user));
      } finally {
        if (paused) {
          pg.resumeReplay();
        }
      }
    }
    assertEquals(2, auditor.audited());
    assertEquals(0, auditor.stale());
  }

  @Test
  void serverCounters_seeTheSeedPlansKeys_andNoneForStrata() throws Exception {
    int u = userWithVenture();
    StaleReadAuditor auditor = new StaleReadAuditor();
    try (ServerCounters server = new ServerCounters(ep)) {
      try (WorkloadStack stack = WorkloadStacks.seedPlan(ep, data, ns())) {
        server.begin();
        write(stack, auditor, u);
        ServerCounters.Delta d = server.end();
        assertEquals(3, d.keysCommands(), "invalidateVentureData runs three KEYS");
        assertTrue(d.primaryXacts() > 0, "the write's transaction is counted on the primary: " + d);
        stack.cleanUp();
      }
      try (WorkloadStack stack = WorkloadStacks.strata(ep, data, ns())) {
        server.begin();
        write(stack, auditor, u);
        assertEquals(0, server.end().keysCommands());
      }
    }
  }

  @Test
  void boundedRun_everyStack_strataHasNoStaleReads() throws Exception {
    Workload.Config config = new Workload.Config(4, 0.3, Duration.ZERO, Duration.ZERO, Duration.ofMillis(1500), 7);
    try (ServerCounters server = new ServerCounters(ep)) {
      for (String name : List.of("seed_baseline", "seed_plan", "strata")) {
        String ns = ns();
        try (WorkloadStack stack = switch (name) {
          case "seed_baseline" -> WorkloadStacks.seedBaseline(ep, data, ns);
          case "seed_plan" -> WorkloadStacks.seedPlan(ep, data, ns);
          default -> WorkloadStacks.strata(ep, data, ns);
        }) {
          Map<String, Double> m = Workload.phase(stack, data, config, server).metrics();
          stack.cleanUp();
          assertTrue(m.get("pages.count") > 0, name + ": " + m);
          assertTrue(m.get("db.statements_per_page") > 0, name + ": " + m);
          assertTrue(m.get("db.read_statements_per_read_page") >= 0, name + ": " + m);
          if (name.equals("strata")) {
            // strata-core's cascading write is one statement (plus the WAL position after the commit)
            assertTrue(m.get("db.write_statements_per_write_page") >= 1, name + ": the cascading write is counted: " + m);
            assertEquals(0.0, m.get("stale_reads.count"), "strata: " + m);
            assertTrue(m.get("db.replica.statements_per_min") > 0, "strata reads on the replica: " + m);
          } else {
            assertTrue(m.get("db.write_statements_per_write_page") >= 4, name + ": the seed's cascading write is one INSERT per step: " + m);
            assertEquals(0.0, m.get("db.replica.statements_per_min"), name + " reads on the primary: " + m);
          }
        }
      }
    }
  }

  @Test
  void warmUp_runsWindowsUntilTheHitRatioStopsRising_withinItsBudget() throws Exception {
    // windows of 1 s (the minimum); the budget would allow twenty, a 20-user key space plateaus in a few
    Workload.Config config = new Workload.Config(4, 0.1, Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(1), 3);
    assertEquals(Duration.ofSeconds(1), config.warmupWindow());
    try (WorkloadStack stack = WorkloadStacks.strata(ep, data, ns())) {
      Workload.WarmUp w = new Workload(stack, data, config, new StaleReadAuditor()).warmUp();
      stack.cleanUp();
      assertTrue(w.windows() >= 2 && w.windows() < 20, "stops when the ratio stops rising, not at the budget: " + w);
      assertTrue(w.lastHitRatio() > 0.5, "20 users' pages are cached after a window: " + w);
    }
    try (WorkloadStack stack = WorkloadStacks.seedBaseline(ep, data, ns())) {
      Workload.WarmUp w = new Workload(stack, data, config, new StaleReadAuditor()).warmUp();
      stack.cleanUp();
      assertEquals(2, w.windows(), "without a cache there is no hit ratio to wait for: " + w);
      assertTrue(Double.isNaN(w.lastHitRatio()), "no lookups: " + w);
    }
  }

  private static void write(WorkloadStack stack, StaleReadAuditor auditor, int u) throws Exception {
    long user = data.userIds()[u];
    ContentCreated c = stack.createContent(user, new NewContent(data.ventures()[u][0], "A launch post",
        "Draft for our launch plan", data.now().plusDays(3), List.of()));
    auditor.committed(user, c.draft(), c.notification());
  }

  private static int userWithVenture() {
    for (int i = 0; i < data.userIds().length; i++) {
      if (data.ventures()[i].length > 0) {
        return i;
      }
    }
    throw new IllegalStateException("the dataset has no user with an active venture");
  }

  private static String ns() {
    return "wl_it_" + NS.incrementAndGet();
  }
}
