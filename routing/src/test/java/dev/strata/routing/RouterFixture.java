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
    this(db, CONNECTION_TIMEOUT_MS, ds -> ds, settings);
  }

  /**
   * With the replica pool's connection timeout and a wrapper around the primary pool as the router
   * sees it (e.g. one that counts borrows).
   */
  RouterFixture(TestDatabase db, long replicaConnectionTimeoutMs, java.util.function.UnaryOperator<javax.sql.DataSource> primaryView,
      Consumer<RoutingConfig.Builder> settings) {
    primary = pool(db.jdbcUrl(), db, "primary", CONNECTION_TIMEOUT_MS);
    replica = pool(db.replicaJdbcUrl(), db, "replica", replicaConnectionTimeoutMs);
    RoutingConfig.Builder b = RoutingConfig.builder().primary(primaryView.apply(primary)).replica("replica-1", replica);
    settings.accept(b);
    RoutingConfig config = b.build();
    if (config.checkInterval().equals(RoutingConfig.DEFAULT_CHECK_INTERVAL)) {
      config = config.toBuilder().checkInterval(java.time.Duration.ofMillis(100)).build(); // tests' default: quick checks
    }
    router = RoutingDataSource.create(config);
    router.checkNow();
  }

  private static HikariDataSource pool(String url, TestDatabase db, String name, long connectionTimeoutMs) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setUsername(db.user());
    c.setPassword(db.password());
    c.setPoolName("it-" + name);
    c.setMaximumPoolSize(8);
    c.setMinimumIdle(0);
    c.setConnectionTimeout(connectionTimeoutMs);
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
