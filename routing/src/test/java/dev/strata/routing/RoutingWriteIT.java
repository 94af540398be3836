package dev.strata.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The write path's commit boundary against a real primary: nothing after a successful commit may
 * report the write as failed, and the connection goes back as it came.
 */
@ExtendWith(PostgresExtension.class)
class RoutingWriteIT {

  private static TestDatabase db;

  @BeforeAll
  static void schema(TestDatabase database) throws SQLException {
    db = database;
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE writes (id bigserial PRIMARY KEY, body text NOT NULL)");
      // a function that shadows pg_catalog's for a session that puts this schema first: the
      // router's post-commit WAL position query then fails on a healthy, committed connection
      st.execute("CREATE SCHEMA lsn_trap");
      st.execute("CREATE FUNCTION lsn_trap.pg_current_wal_insert_lsn() RETURNS pg_lsn LANGUAGE plpgsql "
          + "AS $$ BEGIN RAISE EXCEPTION 'WAL position unavailable (test trap)'; END $$");
    }
  }

  @Test
  void write_tokenReadFailsAfterCommit_returnsTheResultOfTheCommittedWrite() throws Exception {
    try (Connection physical = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder().primary(single(physical)).build())) {
      RoutingSession session = router.session();
      String result = session.write(c -> {
        try (Statement st = c.createStatement()) {
          st.executeUpdate("INSERT INTO writes (body) VALUES ('committed despite the token')");
          st.execute("SET search_path = lsn_trap, pg_catalog"); // session-level: outlives the commit
        }
        return "ok";
      });
      assertEquals("ok", result, "a committed write is reported as committed");
      assertTrue(physical.getAutoCommit(), "autocommit restored");
      try (Statement st = physical.createStatement()) {
        st.execute("RESET search_path");
      }
      assertEquals(1, count(physical, "SELECT count(*) FROM writes WHERE body = 'committed despite the token'"));
    }
  }

  @Test
  void write_tokenReadFailsOnTheWriteConnection_takesTheTokenFromAnotherPrimaryConnection() throws Exception {
    try (RouterFixture f = new RouterFixture(db, b -> {})) {
      RoutingSession session = f.router.session();
      String[] before = new String[1];
      session.write(c -> {
        try (Statement st = c.createStatement()) {
          st.executeUpdate("INSERT INTO writes (body) VALUES ('token from elsewhere')");
          try (ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            before[0] = rs.getString(1);
          }
          st.execute("SET search_path = lsn_trap, pg_catalog");
        }
        return null;
      });
      assertTrue(session.token().isPresent(), "the session has a token for its committed write");
      assertTrue(session.token().get().compareTo(ConsistencyToken.parse(before[0])) > 0,
          "the token is past the commit record, not an in-transaction position: " + session.token().get()
              + " vs " + before[0]);
    }
  }

  @Test
  void write_workThrows_restoresAutoCommitBeforeTheConnectionGoesBack() throws Exception {
    try (Connection physical = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder().primary(single(physical)).build())) {
      SQLException thrown = assertThrows(SQLException.class, () -> router.write(c -> {
        try (Statement st = c.createStatement()) {
          st.executeUpdate("INSERT INTO writes (body) VALUES ('rolled back')");
        }
        throw new SQLException("work failed");
      }));
      assertEquals("work failed", thrown.getMessage());
      assertTrue(physical.getAutoCommit(), "a connection handed back in manual-commit mode poisons its next user");
      assertEquals(0, count(physical, "SELECT count(*) FROM writes WHERE body = 'rolled back'"));
    }
  }

  @Test
  void write_connectionBrokenBeforeCommit_isPrimaryUnavailable_andNothingIsWritten() throws Exception {
    try (RouterFixture f = new RouterFixture(db, b -> {})) {
      PrimaryUnavailableException e = assertThrows(PrimaryUnavailableException.class, () -> f.router.write(c -> {
        try (Statement st = c.createStatement()) {
          st.executeUpdate("INSERT INTO writes (body) VALUES ('broken before commit')");
          terminateBackendOf(c); // what a primary restart does to a pooled connection
          st.executeUpdate("INSERT INTO writes (body) VALUES ('never reached')");
        }
        return null;
      }));
      assertEquals("08001", e.getSQLState());
      assertTrue(e.getMessage().contains("was not committed"), e.getMessage());
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        assertEquals(0, count(c, "SELECT count(*) FROM writes WHERE body = 'broken before commit'"));
      }
    }
  }

  @Test
  void write_connectionBrokenDuringCommit_isCommitOutcomeUnknown() throws Exception {
    try (Connection setup = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = setup.createStatement()) {
      // a deferred constraint trigger runs inside COMMIT: it ends its own backend there
      st.execute("CREATE TABLE commit_traps (id int)");
      st.execute("CREATE FUNCTION commit_trap() RETURNS trigger LANGUAGE plpgsql AS "
          + "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$");
      st.execute("CREATE CONSTRAINT TRIGGER commit_trap AFTER INSERT ON commit_traps DEFERRABLE INITIALLY DEFERRED "
          + "FOR EACH ROW EXECUTE FUNCTION commit_trap()");
    }
    try (RouterFixture f = new RouterFixture(db, b -> {})) {
      CommitOutcomeUnknownException e = assertThrows(CommitOutcomeUnknownException.class, () -> f.router.write(c -> {
        try (Statement st = c.createStatement()) {
          st.executeUpdate("INSERT INTO commit_traps VALUES (1)");
        }
        return null;
      }));
      assertEquals("08007", e.getSQLState());
    }
  }

  /** Ends the server process behind {@code c} from another session (SQLState 57P01 on its next use). */
  private static void terminateBackendOf(Connection c) throws SQLException {
    long pid;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      pid = rs.getLong(1);
    }
    try (Connection other = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = other.createStatement()) {
      st.execute("SELECT pg_terminate_backend(" + pid + ", 5000)");
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * A data source handing out one real connection whose {@code close()} does nothing, as a pool
   * without a reset-on-return would: what the router leaves on the connection stays visible.
   */
  private static DataSource single(Connection physical) {
    Connection shared = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            return null;
          }
          try {
            return method.invoke(physical, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return new DataSource() {
      @Override public Connection getConnection() {
        return shared;
      }

      @Override public Connection getConnection(String user, String password) {
        return shared;
      }

      @Override public PrintWriter getLogWriter() {
        return null;
      }

      @Override public void setLogWriter(PrintWriter out) {}

      @Override public void setLoginTimeout(int seconds) {}

      @Override public int getLoginTimeout() {
        return 0;
      }

      @Override public Logger getParentLogger() {
        return Logger.getLogger("test");
      }

      @Override public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
      }

      @Override public boolean isWrapperFor(Class<?> iface) {
        return false;
      }
    };
  }
}
