package dev.strata.core.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.StrataJdbi;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database going away under a unit of work — found by the faults-under-load test, where a killed
 * primary made {@code VentureWrites} fail with Jdbi's exception types, and a commit the server
 * answered with "terminating connection" (SQLState 57P01, not class 08) was reported as a plain
 * failure with after-rollback callbacks run, although it may have committed.
 */
@ExtendWith(PostgresExtension.class)
class TransactorConnectionLossIT {

  private static DataSource ds;
  private static Jdbi jdbi;

  @BeforeAll
  static void schema(TestDatabase db) throws SQLException {
    ds = db.dataSource();
    jdbi = StrataJdbi.create(ds);
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE loss_notes (id bigint PRIMARY KEY)");
    }
  }

  private static void terminate(int pid) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("SELECT pg_terminate_backend(" + pid + ")");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void noConnection_failsWithDatabaseUnavailable_namingTheCause_noCallbackRuns() throws Exception {
    // a real driver facing a port nobody listens on: connection refused, SQLState 08001
    PGSimpleDataSource dead = new PGSimpleDataSource();
    dead.setServerNames(new String[] {"127.0.0.1"});
    dead.setPortNumbers(new int[] {closedPort()});
    dead.setDatabaseName("postgres");
    dead.setConnectTimeout(5);
    List<String> seen = new ArrayList<>();
    Transactor tx = Transactor.builder().afterEveryCommit(c -> seen.add("listener")).build();
    DatabaseUnavailableException e = assertThrows(DatabaseUnavailableException.class,
        () -> tx.inTransaction(Jdbi.create(dead), (h, unit) -> seen.add("work")));
    SQLException driver = causes(e).stream().filter(SQLException.class::isInstance).map(SQLException.class::cast)
        .findFirst().orElseThrow(() -> new AssertionError("the driver's exception is kept as a cause", e));
    assertEquals("08001", driver.getSQLState());
    assertTrue(e.getMessage().contains(driver.getMessage()), "the message names the cause: " + e.getMessage());
    assertEquals(List.of(), seen);
  }

  /** A loopback port that was free a moment ago (nothing listens on it). */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void connectionTerminatedDuringTheWork_failsWithDatabaseUnavailable_rolledBack() {
    List<String> seen = new ArrayList<>();
    Transactor tx = Transactor.builder().afterEveryCommit(c -> seen.add("listener")).build();
    assertThrows(DatabaseUnavailableException.class, () -> tx.inTransaction(jdbi, (h, unit) -> {
      h.execute("INSERT INTO loss_notes VALUES (1)");
      unit.afterRollback(() -> seen.add("after rollback"));
      terminate(h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one());
      return h.execute("INSERT INTO loss_notes VALUES (2)");
    }));
    assertEquals(List.of("after rollback"), seen);
    assertEquals(0L, (long) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM loss_notes").mapTo(Long.class).one()));
  }

  @Test
  void connectionTerminatedBeforeTheCommit_isInDoubt_noCallbackRuns() {
    List<String> seen = new ArrayList<>();
    Transactor tx = Transactor.builder().afterEveryCommit(c -> seen.add("listener")).build();
    InDoubtCommitException e = assertThrows(InDoubtCommitException.class, () -> tx.inTransaction(jdbi, (h, unit) -> {
      h.execute("INSERT INTO loss_notes VALUES (3)");
      unit.changed().venture(5, 6);
      unit.afterRollback(() -> seen.add("after rollback"));
      unit.afterCommit(() -> seen.add("after commit"));
      terminate(h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one());
      return 3;
    }));
    assertEquals(List.of(), seen, "neither outcome is known: no callback runs");
    assertEquals(java.util.Map.of(5L, 6L), e.changes().ventureOwners(), "what would have changed is reported");
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> all = new ArrayList<>();
    for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
      all.add(t);
    }
    return all;
  }
}
