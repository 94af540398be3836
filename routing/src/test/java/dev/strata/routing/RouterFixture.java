package dev.strata.routing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;

/** HikariCP pools on a test database's primary and replica, and a router over them. */
final class RouterFixture implements AutoCloseable {

  static final long CONNECTION_TIMEOUT_MS = 1_000;

  final HikariDataSource primary;
  final HikariDataSource replica;
  final RoutingDataSource router;

  RouterFixture(TestDatabase db, Consumer<RoutingConfig.Builder> settings) {
    primary = pool(db.jdbcUrl(), db, "primary");
    replica = pool(db.replicaJdbcUrl(), db, "replica");
    RoutingConfig.Builder b = RoutingConfig.builder().primary(primary).replica("replica-1", replica)
        .checkInterval(java.time.Duration.ofMillis(100));
    settings.accept(b);
    router = RoutingDataSource.create(b.build());
    router.checkNow();
  }

  private static HikariDataSource pool(String url, TestDatabase db, String name) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setUsername(db.user());
    c.setPassword(db.password());
    c.setPoolName("it-" + name);
    c.setMaximumPoolSize(8);
    c.setMinimumIdle(0);
    c.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    return new HikariDataSource(c);
  }

  /** True when the connection is on a standby. */
  static boolean onReplica(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** Stops the checker, then asserts that no pool connection is still lent out. */
  @Override
  public void close() {
    router.close();
    try {
      // the checker may be finishing a check it started before close()
      Eventually.within(Duration.ofSeconds(5),
          () -> "pool connections given back (lent out: primary " + active(primary) + ", replica " + active(replica) + ")",
          () -> active(primary) == 0 && active(replica) == 0);
    } finally {
      primary.close();
      replica.close();
    }
  }

  private static int active(HikariDataSource pool) {
    return pool.getHikariPoolMXBean() == null ? 0 : pool.getHikariPoolMXBean().getActiveConnections();
  }
}
