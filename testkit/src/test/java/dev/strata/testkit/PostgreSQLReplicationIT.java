package dev.strata.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgreSQLReplicationIT {

  private static final Duration BOUND = Duration.ofSeconds(20);

  @BeforeAll
  static void schema(TestDatabase db) throws SQLException {
    exec(db.dataSource(), "CREATE TABLE item (id int PRIMARY KEY, label text NOT NULL)");
    db.server().awaitReplicaCatchUp(BOUND);
  }

  @AfterEach
  void replayRunning(TestDatabase db) {
    if (db.server().isReplayPaused()) {
      db.server().resumeReplay();
    }
  }

  @Test
  void replica_isHotStandby_primaryIsNot(TestDatabase db) throws SQLException {
    assertEquals("t", scalar(db.replicaDataSource(), "SELECT pg_is_in_recovery()"));
    assertEquals("f", scalar(db.dataSource(), "SELECT pg_is_in_recovery()"));
  }

  @Test
  void writeOnPrimary_readBackFromReplica(TestDatabase db) throws SQLException {
    exec(db.dataSource(), "INSERT INTO item VALUES (1, 'streamed')");
    Eventually.within(BOUND, "the row reaching the replica",
        () -> "1".equals(scalar(db.replicaDataSource(), "SELECT count(*) FROM item WHERE id = 1")));
  }

  /**
   * After a record that ends exactly on a WAL page, the primary's insert position points past the next
   * page header, which the standby never reports; catching up means reaching the boundary. (Waiting for
   * the insert position itself timed out here unless other WAL came along.)
   */
  @Test
  void awaitReplicaCatchUp_afterARecordEndingAWalPage_returns(TestDatabase db) throws SQLException {
    String insertPosition;
    try (Connection c = db.dataSource().getConnection()) {
      insertPosition = PostgreSQL.endWalPage(c);
    }
    assertEquals("24", scalar(db.dataSource(), "SELECT ('" + insertPosition + "'::pg_lsn - '0/0'::pg_lsn) % 8192"),
        "the insert position is just past a page header: " + insertPosition);
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(10));
    assertEquals("t", scalar(db.replicaDataSource(), "SELECT pg_last_wal_replay_lsn() >= '" + insertPosition + "'::pg_lsn - 24"));
  }

  @Test
  void pausedReplay_replicaLags_untilResumed(TestDatabase db) throws SQLException {
    PostgreSQL pg = db.server();
    pg.awaitReplicaCatchUp(BOUND);
    pg.pauseReplay();
    Eventually.within(BOUND, "replay pausing", pg::isReplayPaused);

    exec(db.dataSource(), "INSERT INTO item VALUES (2, 'held back')");
    String primaryLsn = scalar(db.dataSource(), "SELECT pg_current_wal_insert_lsn()::text");
    // The WAL reaches the standby but is not applied: the row stays invisible and replay lags.
    assertEquals("0", scalar(db.replicaDataSource(), "SELECT count(*) FROM item WHERE id = 2"));
    String lag = scalar(db.replicaDataSource(),
        "SELECT pg_wal_lsn_diff('" + primaryLsn + "'::pg_lsn, pg_last_wal_replay_lsn())");
    assertTrue(Double.parseDouble(lag) > 0, "replay lag in bytes should be positive, was " + lag);

    pg.resumeReplay();
    assertFalse(pg.isReplayPaused());
    pg.awaitReplicaCatchUp(BOUND);
    assertEquals("1", scalar(db.replicaDataSource(), "SELECT count(*) FROM item WHERE id = 2"));
    assertEquals("held back", scalar(db.replicaDataSource(), "SELECT label FROM item WHERE id = 2"));
  }

  @Test
  void stoppedReplica_startsAgain_andCatchesUp(TestDatabase db) throws SQLException {
    PostgreSQL pg = db.server();
    assumeTrue(pg.supportsFaultInjection(), "skipped: an external or container PostgreSQL is not ours to stop");
    pg.replica();
    pg.stopReplica();
    try {
      exec(db.dataSource(), "INSERT INTO item VALUES (3, 'while down')");
    } finally {
      pg.startReplica();
    }
    pg.awaitReplicaCatchUp(BOUND);
    assertEquals("while down", scalar(db.replicaDataSource(), "SELECT label FROM item WHERE id = 3"));
  }

  @Test
  void startingTheReplica_neverRestartsThePrimary(TestDatabase db) throws SQLException {
    try (Connection held = db.dataSource().getConnection(); Statement s = held.createStatement()) {
      db.server().replica();
      db.replicaDataSource();
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        assertTrue(rs.next(), "a connection opened before the replica started must still work");
      }
    }
  }

  @Test
  void eachTestClass_getsItsOwnDatabase(TestDatabase db) {
    TestDatabase other = db.server().newDatabase("other");
    assertNotEquals(db.name(), other.name());
  }

  static void exec(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static String scalar(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), "no row from " + sql);
      return rs.getString(1);
    }
  }

}
