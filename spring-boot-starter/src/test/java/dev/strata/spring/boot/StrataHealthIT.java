package dev.strata.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cache.TieredCache;
import dev.strata.metrics.HealthPreset;
import dev.strata.routing.RoutingDataSource;
import dev.strata.spring.boot.actuate.StrataHealthAutoConfiguration;
import dev.strata.spring.boot.cache.StrataCacheAutoConfiguration;
import dev.strata.spring.boot.routing.StrataRoutingAutoConfiguration;
import dev.strata.spring.boot.vector.StrataVectorAutoConfiguration;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.Redis;
import dev.strata.testkit.TestDatabase;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** The starter's health indicators in real contexts over testkit's PostgreSQL, Redis and Qdrant emulator. */
class StrataHealthIT {

  private static TestDatabase db;

  @BeforeAll
  static void database() throws Exception {
    db = PostgreSQL.shared().newDatabase("health");
    try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
      st.execute("CREATE TABLE filler (id serial PRIMARY KEY, body text NOT NULL)");
    }
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
  }

  @AfterAll
  static void resume() {
    if (db.server().isReplayPaused()) {
      db.server().resumeReplay();
    }
  }

  private static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class, StrataCacheAutoConfiguration.class,
            StrataRoutingAutoConfiguration.class, StrataVectorAutoConfiguration.class, StrataHealthAutoConfiguration.class))
        .withPropertyValues(
            "strata.cache.namespace=health-" + UUID.randomUUID().toString().substring(0, 8),
            "strata.cache.redis=" + Redis.shared().standalone().uri());
  }

  private static ApplicationContextRunner withRouting(ApplicationContextRunner r) {
    return r.withPropertyValues(
        "strata.routing.primary.url=" + db.jdbcUrl(),
        "strata.routing.primary.password=" + (db.password() == null ? "" : db.password()),
        "strata.routing.replicas.replica-1.url=" + db.replicaJdbcUrl(),
        // the test drives the checks itself (checkNow); the monitor's own checks see the same lag
        "strata.routing.max-lag-bytes=262144",
        "strata.routing.max-lag-time=1h");
  }

  private static Health health(ApplicationContext ctx, String bean) {
    return ctx.getBean(bean, HealthIndicator.class).health(true);
  }

  @Test
  void cacheHealth_isDown_whileTheRedisBreakerIsOpen_andUpAgainAfterRedisReturns() {
    Assumptions.assumeTrue(Redis.shared().supportsFaultInjection(), "needs testkit's embedded Redis (stop/restart)");
    runner().run(ctx -> {
      TieredCache cache = ctx.getBean(TieredCache.class);
      cache.getOrSet("k", String.class, Duration.ofMinutes(1), () -> "v");
      Health up = health(ctx, "strataCacheHealthIndicator");
      assertEquals(Status.UP, up.getStatus(), up.toString());
      assertEquals("closed", up.getDetails().get("circuit"));

      Redis.shared().stopStandalone();
      try {
        await(() -> {
          cache.getOrSet("k-" + UUID.randomUUID(), String.class, Duration.ofMinutes(1), () -> "v");
          return health(ctx, "strataCacheHealthIndicator").getStatus().equals(Status.DOWN);
        }, "the breaker opens while Redis is stopped");
        Health down = health(ctx, "strataCacheHealthIndicator");
        assertEquals("open", down.getDetails().get("circuit"), down.toString());
        assertTrue((Long) down.getDetails().get("l2Errors") > 0, down.toString());
        assertTrue((Long) down.getDetails().get("circuitOpens") >= 1, down.toString());
      } finally {
        Redis.shared().restartStandalone();
      }
      await(() -> {
        cache.getOrSet("k-" + UUID.randomUUID(), String.class, Duration.ofMinutes(1), () -> "v");
        return health(ctx, "strataCacheHealthIndicator").getStatus().equals(Status.UP);
      }, "the breaker's probe closes it once Redis answers again");
    });
  }

  @Test
  void cacheHealth_isDown_whenRedisIsUnreachableFromTheStart() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort(); // free once closed: nothing listens there
    }
    runner().withPropertyValues("strata.cache.redis=redis://127.0.0.1:" + closed).run(ctx -> {
      TieredCache cache = ctx.getBean(TieredCache.class);
      assertEquals("v", cache.getOrSet("k", String.class, Duration.ofMinutes(1), () -> "v"), "the cache still serves");
      Health h = health(ctx, "strataCacheHealthIndicator");
      assertEquals(Status.DOWN, h.getStatus(), h.toString());
      assertEquals("open", h.getDetails().get("circuit"));
    });
  }

  @Test
  void routingHealth_replicaIsDownOutOfRotation_withItsLag_andUpAfterItCatchesUp() {
    withRouting(runner()).run(ctx -> {
      RoutingDataSource router = ctx.getBean(RoutingDataSource.class);
      CompositeHealthContributor routing = assertInstanceOf(CompositeHealthContributor.class,
          ctx.getBean("strataRoutingHealthContributor"));
      HealthIndicator replica = assertInstanceOf(HealthIndicator.class, routing.getContributor("replica-1"));
      router.checkNow();
      Health up = replica.health(true);
      assertEquals(Status.UP, up.getStatus(), up.toString());
      assertTrue(up.getDetails().containsKey("lagBytes") && up.getDetails().containsKey("lagMillis"), up.toString());
      assertTrue(breached(ctx).isEmpty(), "nothing breached while the replica keeps up: " + breached(ctx));

      db.server().pauseReplay();
      try {
        try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
          st.execute("INSERT INTO filler (body) SELECT repeat('x', 500) FROM generate_series(1, 4000)");
        }
        router.checkNow();
        Health down = replica.health(true);
        assertEquals(Status.DOWN, down.getStatus(), down.toString());
        assertTrue(((Number) down.getDetails().get("lagBytes")).longValue() > 262144, down.toString());
        assertTrue(breached(ctx).stream().anyMatch(b -> b.startsWith("replica.healthy")),
            "the health report lists the replica out of rotation: " + breached(ctx));
        Health report = health(ctx, "strataHealthReportHealthIndicator");
        assertEquals(Status.UP, report.getStatus(), "breaches are alerts, not outages");
      } finally {
        db.server().resumeReplay();
      }
      db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
      router.checkNow();
      assertEquals(Status.UP, replica.health(true).getStatus(), replica.health(true).toString());
      assertTrue(breached(ctx).isEmpty(), "cleared after the catch-up: " + breached(ctx));
    });
  }

  @Test
  void healthReport_listsEveryPresetCheck_withItsState() {
    withRouting(runner()).run(ctx -> {
      ctx.getBean(RoutingDataSource.class).checkNow();
      ctx.getBean(TieredCache.class).getOrSet("k", String.class, Duration.ofMinutes(1), () -> "v");
      Health h = health(ctx, "strataHealthReportHealthIndicator");
      assertEquals(Status.UP, h.getStatus());
      @SuppressWarnings("unchecked")
      List<String> results = (List<String>) h.getDetails().get("results");
      assertTrue(results != null && !results.isEmpty(), h.toString());
      assertEquals(results.size(), h.getDetails().get("checks"), h.toString());
      // the checks whose meters this context registers: cache, routing and pool meters
      for (String check : List.of("cache.hit.ratio", "pool.usage", "replica.lag", "replica.healthy", "cache.circuit")) {
        assertTrue(results.stream().anyMatch(r -> r.startsWith(check + "{")), check + " is listed: " + results);
      }
      assertTrue(results.stream().anyMatch(r -> r.startsWith("replica.healthy{replica=replica-1} OK")), results.toString());
      assertTrue(HealthPreset.checks().size() >= 8, "the preset is what the report evaluates");
    });
  }

  @Test
  void qdrantHealth_isUp_whileTheEmulatorServes_andDownWhileItIsStopped() {
    try (QdrantServer qdrant = Qdrant.startEmulator()) {
      runner().withPropertyValues("strata.vector.qdrant.host=" + qdrant.host(),
              "strata.vector.qdrant.port=" + qdrant.grpcPort(), "strata.vector.collections.docs=8")
          .run(ctx -> {
            Health up = health(ctx, "strataQdrantHealthIndicator");
            assertEquals(Status.UP, up.getStatus(), up.toString());
            assertTrue(up.getDetails().containsKey("version"), up.toString());
            qdrant.stop();
            try {
              Health down = health(ctx, "strataQdrantHealthIndicator");
              assertEquals(Status.DOWN, down.getStatus(), down.toString());
            } finally {
              qdrant.start();
            }
          });
    }
  }

  @Test
  void noIndicators_forPartsThatAreOff() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(StrataCacheAutoConfiguration.class, StrataRoutingAutoConfiguration.class,
            StrataVectorAutoConfiguration.class, StrataHealthAutoConfiguration.class))
        .run(ctx -> {
          assertFalse(ctx.containsBean("strataCacheHealthIndicator"));
          assertFalse(ctx.containsBean("strataRoutingHealthContributor"));
          assertFalse(ctx.containsBean("strataQdrantHealthIndicator"));
          assertFalse(ctx.containsBean("strataHealthReportHealthIndicator"), "no MeterRegistry, no report");
        });
  }

  @SuppressWarnings("unchecked")
  private static List<String> breached(ApplicationContext ctx) {
    return (List<String>) health(ctx, "strataHealthReportHealthIndicator").getDetails().get("breached");
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(20); // polling a condition with a deadline, not waiting for a race to resolve itself
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
