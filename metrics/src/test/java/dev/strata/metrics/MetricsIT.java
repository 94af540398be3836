package dev.strata.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class MetricsIT {

  @Test
  void routingMetricsCountRoutesAndTrackLagAndHealth(TestDatabase db) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder()
        .primary(db.dataSource()).replica("r1", db.replicaDataSource())
        .listener(RoutingMetrics.create(registry)).build())) {
      router.checkNow();
      for (int i = 0; i < 3; i++) {
        router.read(c -> c.createStatement().execute("SELECT 1"));
      }
      router.write(c -> c.createStatement().execute("SELECT 1"));
      assertEquals(3, registry.get("strata.routing.connections").tags("target", "r1", "kind", "read").counter().count());
      assertEquals(1, registry.get("strata.routing.connections").tags("target", "primary", "kind", "write").counter().count());
      assertTrue(registry.get("strata.routing.replica.lag.bytes").tag("replica", "r1").gauge().value() >= 0);
      assertEquals(1, registry.get("strata.routing.replica.healthy").tag("replica", "r1").gauge().value());
    }
  }

  @Test
  void slowQueryLogCountsOnlySlowStatements(TestDatabase db) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SlowQueryLog ds = SlowQueryLog.wrap(db.dataSource(), Duration.ofMillis(100), registry);
    try (Connection c = ds.getConnection()) {
      try (Statement st = c.createStatement()) {
        st.execute("SELECT 1");
        st.execute("SELECT pg_sleep(0.2)");
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_sleep(?)")) {
        ps.setDouble(1, 0.15);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
        }
        ps.setDouble(1, 0);
        ps.executeQuery().close();
      }
      // the wrapped objects still unwrap to the driver's
      assertTrue(c.unwrap(org.postgresql.PGConnection.class) != null);
    }
    assertEquals(4, registry.get("strata.sql.statements").timer().count());
    assertEquals(2, registry.get("strata.sql.slow").counter().count());
    assertThrows(IllegalArgumentException.class, () -> SlowQueryLog.wrap(db.dataSource(), Duration.ZERO, registry));
  }

  @Test
  void healthReport_realReplicaLag_breachesOnceAndClearsOnce(TestDatabase db) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<HealthReport.Result> changes = new CopyOnWriteArrayList<>();
    try (RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder()
            .primary(db.dataSource()).replica("r1", db.replicaDataSource())
            .listener(RoutingMetrics.create(registry)).build());
        HealthReport health = HealthReport.builder(registry)
            .check(HealthCheck.gauge("replica.lag.bytes", "strata.routing.replica.lag.bytes").above(64 * 1024))
            .listener(changes::add).build()) {
      try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS filler (pad text)");
      }
      router.checkNow();
      assertEquals(HealthReport.State.OK, health.evaluate().get(0).state());
      db.server().pauseReplay();
      try {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
          st.execute("INSERT INTO filler SELECT repeat('x', 500) FROM generate_series(1, 2000)");
        }
        router.checkNow();
        assertTrue(health.evaluate().get(0).breached());
        assertTrue(health.evaluate().get(0).breached());
        assertEquals(1, changes.size(), "no repeat while it stays over");
      } finally {
        db.server().resumeReplay();
      }
      db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
      router.checkNow();
      assertEquals(HealthReport.State.OK, health.evaluate().get(0).state());
      assertEquals(List.of(true, false), changes.stream().map(HealthReport.Result::breached).toList());
    }
  }

  @Test
  void slowQueryLog_logsTheSqlText_neverABoundParameterValue(TestDatabase db) throws Exception {
    String secret = "secret-token-8f3a";
    SlowQueryLog ds = SlowQueryLog.wrap(db.dataSource(), Duration.ofMillis(100), new SimpleMeterRegistry());
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    // slf4j-simple writes each line to the System.err of the moment
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT pg_sleep(?), length(?::text)")) {
      ps.setDouble(1, 0.15);
      ps.setString(2, secret);
      ps.executeQuery().close();
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    original.print(log);
    assertTrue(log.contains("slow statement") && log.contains("SELECT pg_sleep(?), length(?::text)"), log);
    assertFalse(log.contains(secret), log);
    assertFalse(log.contains("0.15"), log);
  }

  @Test
  void preset_forcedSlowQuery_breachesOnce_andClearsOnceTheWindowHasPassed(TestDatabase db) throws Exception {
    MockClock clock = new MockClock();
    SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    SlowQueryLog ds = SlowQueryLog.wrap(db.dataSource(), registry); // the plan's 1000 ms
    List<HealthReport.Result> changes = new CopyOnWriteArrayList<>();
    try (HealthReport health = HealthReport.builder(registry).checks(HealthPreset.checks()).listener(changes::add).build();
        Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("SELECT pg_sleep(0.3)");
      health.evaluate();
      assertEquals(List.of(), changes, "300 ms is not slow");
      st.execute("SELECT pg_sleep(1.05)");
      clock.add(Duration.ofSeconds(15));
      HealthReport.Result slow = health.evaluate().stream().filter(r -> r.check().equals("sql.slow")).findFirst().orElseThrow();
      assertTrue(slow.breached());
      assertEquals(1, slow.value());
      clock.add(Duration.ofMinutes(2));
      health.evaluate();
      assertEquals(1, changes.size(), "still within the window: no repeat");
      clock.add(Duration.ofMinutes(4));
      health.evaluate();
      assertEquals(List.of(true, false), changes.stream().map(HealthReport.Result::breached).toList());
      assertEquals(List.of("sql.slow", "sql.slow"), changes.stream().map(HealthReport.Result::check).toList());
    }
  }
}
