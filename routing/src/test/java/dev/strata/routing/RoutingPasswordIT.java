package dev.strata.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.strata.testkit.LogCapture;
import dev.strata.testkit.PasswordRole;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/** A router over pools that log in with a password on the primary and the replica, and prints it nowhere. */
@ExtendWith(PostgresExtension.class)
class RoutingPasswordIT {

  private static final String WRONG = "wr0ng-replica-password";
  private static TestDatabase db;
  private static PasswordRole role;

  @BeforeAll
  static void role(TestDatabase database) throws SQLException {
    db = database;
    role = PasswordRole.create(db, true);
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL)");
      st.execute("GRANT ALL ON notes, notes_id_seq TO " + role.name());
    }
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
  }

  private static HikariDataSource pool(String url, String password, String name) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setPassword(password);
    c.setPoolName("pw-" + name);
    c.setMaximumPoolSize(4);
    c.setMinimumIdle(0);
    c.setConnectionTimeout(RouterFixture.CONNECTION_TIMEOUT_MS);
    c.setInitializationFailTimeout(-1); // a refused password shows in the router, not in the pool's constructor
    return new HikariDataSource(c);
  }

  private static String currentUser(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void passwordPools_routeWritesToThePrimaryAndReadsToTheReplica_asTheRole() throws Exception {
    try (LogCapture logs = LogCapture.start();
        HikariDataSource primary = pool(role.jdbcUrl(), role.password(), "primary");
        HikariDataSource replica = pool(role.replicaJdbcUrl(), role.password(), "replica");
        RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder().name("pw-router")
            .primary(primary).replica("replica-1", replica).checkInterval(Duration.ofMillis(100)).build())) {
      router.checkNow();
      RoutingSession session = router.session();
      long id = session.write(c -> {
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("INSERT INTO notes (body) VALUES ('hello') RETURNING id")) {
          rs.next();
          return rs.getLong(1);
        }
      });
      // the token query (pg_current_wal_insert_lsn, pg_walfile_name_offset, wal_block_size) needs no superuser
      assertTrue(session.token().isPresent(), "the role's session write has a read-your-writes token");
      assertEquals("hello", session.read(c -> {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT body FROM notes WHERE id = " + id)) {
          rs.next();
          return rs.getString(1);
        }
      }), "the session read sees its write");
      db.server().awaitReplicaCatchUp(Duration.ofSeconds(10));
      assertEquals(role.name(), router.read(RoutingPasswordIT::currentUser));
      assertTrue(router.read(RouterFixture::onReplica), "the read ran on the standby");
      assertEquals("hello", router.read(c -> {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT body FROM notes WHERE id = " + id)) {
          rs.next();
          return rs.getString(1);
        }
      }));
      assertTrue(router.stats().replicas().get("replica-1").healthy());
      logs.assertNoneOf(role.password());
    }
  }

  @Test
  void replicaRefusingThePassword_isOutOfRotation_readsUseThePrimary_andThePasswordIsPrintedNowhere() throws Exception {
    try (LogCapture logs = LogCapture.start();
        HikariDataSource primary = pool(role.jdbcUrl(), role.password(), "primary2");
        HikariDataSource replica = pool(role.replicaJdbcUrl(), WRONG, "replica2");
        RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder().name("pw-router-2")
            .primary(primary).replica("replica-1", replica).checkInterval(Duration.ofMillis(100)).build())) {
      router.checkNow();
      assertFalse(router.stats().replicas().get("replica-1").healthy());
      assertFalse(router.read(RouterFixture::onReplica), "reads fall back to the primary");
      assertTrue(logs.text().contains("replica replica-1 out of rotation"), "the capture sees the router's log lines");
      logs.assertNoneOf(WRONG, role.password());
    }
  }

  @Test
  void configToString_namesTheSettings_butNoDataSourceDetail() {
    PGSimpleDataSource plain = new PGSimpleDataSource();
    plain.setURL(role.replicaJdbcUrl() + "&password=" + role.password());
    plain.setPassword(role.password());
    try (HikariDataSource primary = pool(role.jdbcUrl() + "&password=" + role.password(), role.password(), "ts")) {
      RoutingConfig config = RoutingConfig.builder().name("ts-router").primary(primary).replica("r1", plain).build();
      String s = config.toString();
      LogCapture.assertAbsent("RoutingConfig.toString()", s, role.password());
      assertTrue(s.startsWith("RoutingConfig[name=ts-router, primary=HikariDataSource, replicas=[r1=PGSimpleDataSource]"), s);
    }
  }
}
