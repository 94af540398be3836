package dev.strata.core.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class StrataPoolsIT {

  @Test
  void create_connectsWithSettings(TestDatabase db) throws SQLException {
    try (HikariDataSource pool = StrataPools.create(PoolSettings.builder().jdbcUrl(db.jdbcUrl())
        .username(db.user()).password(db.password()).poolName("it-pool").maxPoolSize(3).build());
        Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database()")) {
      rs.next();
      assertEquals(db.name(), rs.getString(1));
      assertEquals(3, pool.getMaximumPoolSize());
      assertEquals("it-pool", pool.getPoolName());
    }
  }

  @Test
  void exhaustedPool_failsWithinConnectionTimeout(TestDatabase db) throws SQLException {
    try (HikariDataSource pool = StrataPools.create(PoolSettings.builder().jdbcUrl(db.jdbcUrl())
        .maxPoolSize(1).connectionTimeout(Duration.ofMillis(300)).build());
        Connection held = pool.getConnection()) {
      assertThrows(SQLException.class, pool::getConnection);
      assertEquals(1, pool.getHikariPoolMXBean().getActiveConnections());
    }
  }

  @Test
  void customizer_runsLastAndSeesEverySetting(TestDatabase db) throws SQLException {
    java.util.List<Integer> seenMax = new java.util.ArrayList<>();
    try (HikariDataSource pool = StrataPools.create(PoolSettings.builder().jdbcUrl(db.jdbcUrl())
        .username(db.user()).password(db.password()).maxPoolSize(3)
        .customizer(c -> seenMax.add(c.getMaximumPoolSize()))
        .customizer(c -> {
          c.setMaximumPoolSize(5);
          c.setKeepaliveTime(Duration.ofSeconds(60).toMillis());
          c.setLeakDetectionThreshold(Duration.ofSeconds(10).toMillis());
        }).build());
        Connection c = pool.getConnection()) {
      assertEquals(java.util.List.of(3), seenMax, "the first customizer saw the settings' value");
      assertEquals(5, pool.getMaximumPoolSize(), "a later customizer overrides a setting");
      assertEquals(60_000, pool.getKeepaliveTime());
      assertEquals(10_000, pool.getLeakDetectionThreshold());
    }
  }
}
