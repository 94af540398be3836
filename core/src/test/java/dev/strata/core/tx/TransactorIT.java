package dev.strata.core.tx;

import static dev.strata.core.Sql.exec;
import static dev.strata.core.Sql.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.StrataJdbi;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TransactorIT {

  private static DataSource ds;
  private static Jdbi jdbi;
  private static TestDatabase database;

  @BeforeAll
  static void schema(TestDatabase db) throws SQLException {
    database = db;
    ds = db.dataSource();
    jdbi = StrataJdbi.create(ds);
    exec(ds, "CREATE TABLE uow_notes (id bigint PRIMARY KEY, body text NOT NULL)");
    // checked at commit, so a commit can fail on the server (and roll back) after the work succeeded
    exec(ds, "CREATE TABLE uow_unique (k int, CONSTRAINT uow_unique_k UNIQUE (k) DEFERRABLE INITIALLY DEFERRED)");
  }

  private static long rows(long id) {
    try {
      return Long.parseLong(scalar(ds, "SELECT count(*) FROM uow_notes WHERE id = " + id));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void afterCommit_runsOnceAfterTheCommitIsVisibleToOthers_neverBefore() {
    List<String> seen = new ArrayList<>();
    Transactor tx = Transactor.builder().afterEveryCommit(c -> seen.add("listener " + c.ventures())).build();
    Committed<Long> r = tx.inTransaction(jdbi, (h, unit) -> {
      h.execute("INSERT INTO uow_notes VALUES (1, 'a')");
      unit.afterCommit(() -> seen.add("callback sees " + rows(1) + " row"));
      unit.changed().venture(7, 3).entity("uow_notes", 1);
      seen.add("work sees " + rows(1) + " row from outside"); // not committed yet
      return 1L;
    });
    assertEquals(List.of("work sees 0 row from outside", "callback sees 1 row", "listener [7]"), seen);
    assertEquals(1L, r.value());
    assertEquals(Set.of(3L), r.changes().users());
    assertEquals(Map.of(7L, 3L), r.changes().ventureOwners());
    assertEquals(Map.of("uow_notes", Set.of(1L)), r.changes().entities());
    assertTrue(r.token().isEmpty(), "no capture configured");
  }

  @Test
  void workThrows_rollsBack_runsAfterRollbackOnce_neverAfterCommit() {
    List<String> seen = new ArrayList<>();
    Transactor tx = Transactor.builder().afterEveryCommit(c -> seen.add("listener")).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tx.inTransaction(jdbi, (h, unit) -> {
      h.execute("INSERT INTO uow_notes VALUES (2, 'b')");
      unit.afterCommit(() -> seen.add("after commit"));
      unit.afterRollback(() -> seen.add("after rollback"));
      throw new IllegalStateException("abort");
    }));
    assertEquals("abort", e.getMessage());
    assertEquals(List.of("after rollback"), seen);
    assertEquals(0, rows(2));
  }

  @Test
  void commitRejectedByTheServer_runsAfterRollback_notAfterCommit() {
    List<String> seen = new ArrayList<>();
    Transactor tx = Transactor.builder().build();
    RuntimeException e = assertThrows(RuntimeException.class, () -> tx.inTransaction(jdbi, (h, unit) -> {
      h.execute("INSERT INTO uow_notes VALUES (3, 'c')");
      h.execute("INSERT INTO uow_unique VALUES (1), (1)"); // fails only at commit
      unit.afterCommit(() -> seen.add("after commit"));
      unit.afterRollback(() -> seen.add("after rollback"));
      return null;
    }));
    assertTrue(String.valueOf(e.getCause()).contains("uow_unique_k") || String.valueOf(e).contains("uow_unique_k"),
        e.toString());
    assertEquals(List.of("after rollback"), seen);
    assertEquals(0, rows(3));
  }

  @Test
  void throwingAfterCommitCallback_isCountedAndLogged_writeStillReturnsSuccess() {
    List<String> seen = new ArrayList<>();
    Transactor tx = Transactor.builder().afterEveryCommit(c -> {
      throw new IllegalStateException("listener down");
    }).build();
    Committed<String> r = tx.inTransaction(jdbi, (h, unit) -> {
      h.execute("INSERT INTO uow_notes VALUES (4, 'd')");
      unit.afterCommit(() -> {
        throw new IllegalStateException("cache down");
      });
      unit.afterCommit(() -> seen.add("second callback still runs"));
      return "saved";
    });
    assertEquals("saved", r.value());
    assertEquals(1, rows(4));
    assertEquals(List.of("second callback still runs"), seen);
    assertEquals(2, tx.callbackFailures(), "the callback and the listener");
  }

  @Test
  void registeringOnACompletedUnit_isRejected_soNothingCanRunTwiceOrLate() {
    UnitOfWork[] kept = new UnitOfWork[1];
    Transactor tx = Transactor.builder().build();
    tx.inTransaction(jdbi, (h, unit) -> {
      kept[0] = unit;
      return null;
    });
    assertThrows(IllegalStateException.class, () -> kept[0].afterCommit(() -> {}));
    assertThrows(IllegalStateException.class, () -> kept[0].afterRollback(() -> {}));
    assertThrows(IllegalStateException.class, () -> kept[0].changed());
    assertThrows(IllegalStateException.class, () -> kept[0].complete(UnitOfWork.State.COMMITTED));
  }

  @Test
  void tokenCapture_readsTheWalPositionAfterTheCommit() throws SQLException {
    Transactor tx = Transactor.builder().tokenCapture(TokenCapture.walInsertLsn()).build();
    String[] inside = new String[1];
    Committed<Void> r = tx.inTransaction(jdbi, (h, unit) -> {
      h.execute("INSERT INTO uow_notes VALUES (5, 'e')");
      inside[0] = h.createQuery("SELECT pg_current_wal_insert_lsn()::text").mapTo(String.class).one();
      return null;
    });
    String token = r.token().orElseThrow();
    assertEquals("t", scalar(ds, "SELECT '" + token + "'::pg_lsn > '" + inside[0] + "'::pg_lsn"),
        "past the commit record: " + token + " vs " + inside[0]);
  }

  /**
   * A unit whose last WAL record ends exactly on a WAL page boundary: the insert position is then past
   * the next page's header, which no standby reports (its replay position is the end of the last
   * record) until more WAL comes; the token must be the boundary, which the standby does reach.
   */
  @Test
  void tokenCapture_whenTheLastRecordEndsAWalPage_isAPositionTheStandbyReaches() {
    Transactor tx = Transactor.builder().tokenCapture(TokenCapture.walInsertLsn()).build();
    Committed<String> r = tx.inTransaction(jdbi, (h, unit) -> PostgreSQL.endWalPage(h.getConnection()));
    String insertPosition = r.value();
    String token = r.token().orElseThrow();
    assertEquals("t", scalarOn(ds, "SELECT '" + token + "'::pg_lsn <= '" + insertPosition + "'::pg_lsn"),
        "not past the insert position: " + token + " vs " + insertPosition);
    Eventually.within(Duration.ofSeconds(10), () -> "the standby reports replay at or past the token " + token
        + " (insert position " + insertPosition + "): " + scalarOn(database.replicaDataSource(), "SELECT pg_last_wal_replay_lsn()::text"),
        () -> "t".equals(scalarOn(database.replicaDataSource(), "SELECT pg_last_wal_replay_lsn() >= '" + token + "'::pg_lsn")));
  }

  private static String scalarOn(DataSource on, String sql) {
    try {
      return scalar(on, sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void onCommitted_receivesChangesAndTheCapturedToken_inRegistrationOrder_notOnRollback() {
    List<String> seen = new ArrayList<>();
    Transactor tx = Transactor.builder().tokenCapture(TokenCapture.walInsertLsn())
        .onCommitted((changes, token) -> seen.add(changes.ventures() + " " + token.isPresent()))
        .afterEveryCommit(changes -> seen.add("plain " + changes.ventures()))
        .onCommitted((changes, token) -> seen.add("token " + token.orElse("none")))
        .build();
    Committed<Void> r = tx.inTransaction(jdbi, (h, unit) -> {
      h.execute("INSERT INTO uow_notes VALUES (9, 'i')");
      unit.changed().venture(11, 4);
      return null;
    });
    assertEquals(List.of("[11] true", "plain [11]", "token " + r.token().orElseThrow()), seen);
    seen.clear();
    assertThrows(IllegalStateException.class, () -> tx.inTransaction(jdbi, (h, unit) -> {
      unit.changed().venture(12, 4);
      throw new IllegalStateException("abort");
    }));
    assertEquals(List.of(), seen, "no listener after a rollback");
    assertThrows(NullPointerException.class, () -> Transactor.builder().onCommitted(null));
  }

  @Test
  void failingTokenCapture_isAWarning_theCommittedWriteStillSucceeds() {
    Transactor tx = Transactor.builder().tokenCapture(c -> {
      throw new SQLException("primary gone");
    }).build();
    Committed<Integer> r = tx.inTransaction(jdbi, (h, unit) -> h.execute("INSERT INTO uow_notes VALUES (6, 'f')"));
    assertEquals(1, r.value());
    assertTrue(r.token().isEmpty());
    assertEquals(1, tx.tokenFailures());
    assertEquals(1, rows(6));
  }

  @Test
  void onAConnection_commits_restoresAutoCommit_alsoOnFailure() throws SQLException {
    Transactor tx = Transactor.builder().tokenCapture(TokenCapture.walInsertLsn()).build();
    List<String> seen = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      Committed<Integer> r = tx.inTransaction(c, (conn, unit) -> {
        assertFalse(conn.getAutoCommit());
        unit.afterCommit(() -> seen.add("committed " + rows(7)));
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO uow_notes VALUES (7, 'g')")) {
          return ps.executeUpdate();
        }
      });
      assertEquals(1, r.value());
      assertTrue(r.token().isPresent());
      assertTrue(c.getAutoCommit());
      assertThrows(IllegalStateException.class, () -> tx.inTransaction(c, (conn, unit) -> {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO uow_notes VALUES (8, 'h')")) {
          ps.executeUpdate();
        }
        unit.afterCommit(() -> seen.add("never"));
        unit.afterRollback(() -> seen.add("rolled back " + rows(8)));
        throw new IllegalStateException("abort");
      }));
      assertTrue(c.getAutoCommit());
    }
    assertEquals(List.of("committed 1", "rolled back 0"), seen);
  }

  @Test
  void checkedExceptionFromWork_isWrapped_withTheCause() {
    Transactor tx = Transactor.builder().build();
    Exception cause = new java.io.IOException("disk");
    RuntimeException e = assertThrows(RuntimeException.class, () -> tx.inTransaction(jdbi, (h, unit) -> {
      throw cause;
    }));
    assertEquals(cause, e.getCause());
  }

  @Test
  void changeSet_ventureDeclaredWithTwoOwners_isRejected_badInputNamesTheArgument() {
    Transactor tx = Transactor.builder().build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tx.inTransaction(jdbi, (h, unit) ->
        unit.changed().venture(1, 2).venture(1, 3)));
    assertTrue(e.getMessage().contains("ownerUserId"), e.getMessage());
    assertThrows(NullPointerException.class, () -> tx.inTransaction((Jdbi) null, (h, u) -> null));
    IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
        () -> tx.inTransaction(jdbi, (h, unit) -> unit.changed().user(0)));
    assertEquals("userId must be a positive id, was: 0", id.getMessage());
  }
}
