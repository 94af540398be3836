package dev.strata.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PoolMetrics over real HikariCP pools made by StrataPools against the testkit's PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PoolMetricsIT {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static PoolSettings.Builder settings(TestDatabase db, String name) {
    return PoolSettings.builder().jdbcUrl(db.jdbcUrl()).username(db.user()).password(db.password()).poolName(name)
        .maxPoolSize(2).minIdle(0).connectionTimeout(Duration.ofMillis(250));
  }

  private double usage(String pool) {
    return registry.get("strata.pool.usage").tag("pool", pool).gauge().value();
  }

  @Test
  void usageFollowsConnectionsInUse_andHikariMetersAreRegistered(TestDatabase db) throws SQLException {
    try (HikariDataSource pool = StrataPools.create(settings(db, "usage-pool").build())) {
      PoolMetrics.bind(pool, registry);
      assertEquals(0.0, usage("usage-pool"));
      try (Connection a = pool.getConnection()) {
        assertEquals(0.5, usage("usage-pool"));
        try (Connection b = pool.getConnection()) {
          assertEquals(1.0, usage("usage-pool"));
          assertThrows(SQLException.class, pool::getConnection);
        }
      }
      assertEquals(0.0, usage("usage-pool"));
      assertEquals(2, registry.get("hikaricp.connections.max").tag("pool", "usage-pool").gauge().value());
      assertEquals(1, registry.get("hikaricp.connections.timeout").tag("pool", "usage-pool").counter().count());
      assertEquals(2, registry.get("hikaricp.connections.usage").tag("pool", "usage-pool").timer().count());
      assertThrows(IllegalArgumentException.class, () -> PoolMetrics.bind(pool, registry), "bound twice");
    }
  }

  @Test
  void preset_forcedPoolExhaustion_breachesOnceAndClearsOnce(TestDatabase db) throws SQLException {
    List<HealthReport.Result> changes = new CopyOnWriteArrayList<>();
    // Hikari's meters set through the settings' customizer; bind then only adds the usage gauge.
    try (HikariDataSource pool = StrataPools.create(settings(db, "exhausted").customizer(c -> c.setMetricRegistry(registry)).build());
        HealthReport health = HealthReport.builder(registry).checks(HealthPreset.checks()).listener(changes::add).build()) {
      PoolMetrics.bind(pool, registry);
      assertEquals(2, registry.get("hikaricp.connections.max").tag("pool", "exhausted").gauge().value());
      try (Connection a = pool.getConnection()) {
        health.evaluate();
        assertEquals(List.of(), changes, "half used is fine");
        try (Connection b = pool.getConnection()) {
          HealthReport.Result r = health.evaluate().stream().filter(x -> x.check().equals("pool.usage")).findFirst().orElseThrow();
          assertTrue(r.breached());
          assertEquals(1.0, r.value());
          assertTrue(r.since() != null);
          health.evaluate();
        }
      }
      health.evaluate();
      health.evaluate();
      assertEquals(List.of(true, false), changes.stream().map(HealthReport.Result::breached).toList());
      assertEquals(List.of("pool.usage", "pool.usage"), changes.stream().map(HealthReport.Result::check).toList());
    }
  }
}
