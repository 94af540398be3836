package dev.strata.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
  void thresholdAlertsFireOncePerCrossingForARealReplicaLag(TestDatabase db) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<ThresholdAlerts.Alert> alerts = new CopyOnWriteArrayList<>();
    try (RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder()
            .primary(db.dataSource()).replica("r1", db.replicaDataSource())
            .listener(RoutingMetrics.create(registry)).build());
        ThresholdAlerts rules = ThresholdAlerts.builder(registry)
            .above("strata.routing.replica.lag.bytes", 64 * 1024).listener(alerts::add).build()) {
      try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS filler (pad text)");
      }
      router.checkNow();
      assertEquals(List.of(), rules.evaluate());
      db.server().pauseReplay();
      try {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
          st.execute("INSERT INTO filler SELECT repeat('x', 500) FROM generate_series(1, 2000)");
        }
        router.checkNow();
        List<ThresholdAlerts.Alert> raised = rules.evaluate();
        assertEquals(1, raised.size());
        assertTrue(raised.get(0).firing());
        assertEquals(List.of(), rules.evaluate(), "no repeat while it stays over");
      } finally {
        db.server().resumeReplay();
      }
      db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
      router.checkNow();
      List<ThresholdAlerts.Alert> resolved = rules.evaluate();
      assertEquals(1, resolved.size());
      assertTrue(!resolved.get(0).firing());
      assertEquals(2, alerts.size());
    }
  }
}
