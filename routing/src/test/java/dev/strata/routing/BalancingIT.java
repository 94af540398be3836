package dev.strata.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two replica pools (two names for the one standby, told apart by application_name). */
@ExtendWith(PostgresExtension.class)
class BalancingIT {

  private static HikariDataSource pool(TestDatabase db, String name) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(db.replicaJdbcUrl() + (db.replicaJdbcUrl().contains("?") ? "&" : "?") + "ApplicationName=" + name);
    c.setUsername(db.user());
    c.setPassword(db.password());
    c.setPoolName("bal-" + name);
    c.setMaximumPoolSize(4);
    c.setMinimumIdle(0);
    return new HikariDataSource(c);
  }

  private static String server(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('application_name')")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static RoutingDataSource router(TestDatabase db, HikariDataSource a, HikariDataSource b, RoutingConfig.Balancing balancing) {
    return RoutingDataSource.create(RoutingConfig.builder().primary(db.dataSource())
        .replica("a", a).replica("b", b).balancing(balancing).build());
  }

  @Test
  void roundRobinAlternatesBetweenHealthyReplicas(TestDatabase db) throws Exception {
    try (HikariDataSource a = pool(db, "a"); HikariDataSource b = pool(db, "b");
        RoutingDataSource router = router(db, a, b, RoutingConfig.Balancing.ROUND_ROBIN)) {
      router.checkNow();
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        seen.add(router.read(BalancingIT::server));
      }
      assertEquals(3, seen.stream().filter("a"::equals).count(), seen.toString());
      assertEquals(3, seen.stream().filter("b"::equals).count(), seen.toString());
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(!seen.get(i).equals(seen.get(i - 1)), "alternates: " + seen);
      }
    }
  }

  @Test
  void leastConnectionsAvoidsTheBusyReplica(TestDatabase db) throws Exception {
    try (HikariDataSource a = pool(db, "a"); HikariDataSource b = pool(db, "b");
        RoutingDataSource router = router(db, a, b, RoutingConfig.Balancing.LEAST_CONNECTIONS)) {
      router.checkNow();
      try (RoutingScope read = router.readScope(); Connection held = router.getConnection()) {
        String busy = server(held); // one connection stays lent out on this replica
        for (int i = 0; i < 5; i++) {
          String other = router.read(BalancingIT::server);
          assertTrue(!other.equals(busy), "read went to the idle replica, not " + busy);
        }
        assertEquals(1, router.stats().replicas().get(busy).activeConnections());
      }
      assertEquals(0, router.stats().replicas().get("a").activeConnections());
      assertEquals(0, router.stats().replicas().get("b").activeConnections());
    }
  }
}
