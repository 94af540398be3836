package dev.strata.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.internal.RespClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Kill, freeze, thaw and restart of the testkit's own server processes. Every test leaves its server running. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ServerProcessIT {

  private static final Duration BOUND = Duration.ofSeconds(30);

  @BeforeAll
  static void schema(TestDatabase db) throws SQLException {
    Assumptions.assumeTrue(db.server().supportsFaultInjection(), "external PostgreSQL servers are not the testkit's to signal");
    exec(db.dataSource(), "CREATE TABLE item (id int PRIMARY KEY)");
    db.server().awaitReplicaCatchUp(BOUND);
  }

  @Test
  void postgresReplica_frozen_answersNothingUntilThawed(TestDatabase db) throws Exception {
    ServerProcess replica = db.server().replicaProcess();
    try (Connection c = db.replicaDataSource().getConnection()) {
      replica.freeze();
      CompletableFuture<String> answer;
      try {
        assertTrue(replica.isFrozen());
        assertTrue(replica.isRunning());
        answer = CompletableFuture.supplyAsync(() -> scalar(c, "SELECT pg_is_in_recovery()"));
        // the connection stays open and the query is never answered while the server is stopped
        assertThrows(TimeoutException.class, () -> answer.get(300, TimeUnit.MILLISECONDS));
      } finally {
        replica.thaw();
      }
      assertFalse(replica.isFrozen());
      assertEquals("t", answer.get(BOUND.toSeconds(), TimeUnit.SECONDS));
    }
  }

  @Test
  void postgresPrimary_killedThenRestarted_keepsCommittedRows_andTheReplicaStreamsAgain(TestDatabase db) throws Exception {
    ServerProcess primary = db.server().primaryProcess();
    exec(db.dataSource(), "INSERT INTO item VALUES (1)");
    long pid = primary.pid();
    try {
      primary.kill();
      assertFalse(primary.isRunning());
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the postmaster is gone");
      assertThrows(SQLException.class, () -> exec(db.dataSource(), "SELECT 1"));
      assertThrows(IllegalStateException.class, primary::freeze);
    } finally {
      primary.restart();
    }
    assertTrue(primary.isRunning());
    assertNotEquals(pid, primary.pid());
    try (Connection c = db.dataSource().getConnection()) {
      assertEquals("1", scalar(c, "SELECT count(*) FROM item WHERE id = 1"), "crash recovery kept the committed row");
    }
    exec(db.dataSource(), "INSERT INTO item VALUES (2)");
    db.server().awaitReplicaCatchUp(BOUND);
    try (Connection c = db.replicaDataSource().getConnection()) {
      assertEquals("1", scalar(c, "SELECT count(*) FROM item WHERE id = 2"));
    }
  }

  @Test
  void postgresReplica_killedThenRestarted_catchesUp(TestDatabase db) throws Exception {
    ServerProcess replica = db.server().replicaProcess();
    try {
      replica.kill();
      exec(db.dataSource(), "INSERT INTO item VALUES (3)");
      assertThrows(SQLException.class, () -> exec(db.replicaDataSource(), "SELECT 1"));
    } finally {
      replica.restart();
    }
    db.server().awaitReplicaCatchUp(BOUND);
    try (Connection c = db.replicaDataSource().getConnection()) {
      assertEquals("1", scalar(c, "SELECT count(*) FROM item WHERE id = 3"));
    }
  }

  @Test
  void thaw_ofAServerNotFrozen_isIllegalState(TestDatabase db) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.server().replicaProcess().thaw());
    assertTrue(e.getMessage().contains("is not frozen"), e.getMessage());
  }

  @Test
  void redisStandalone_frozenThenKilled_thenRestartedEmpty(TestRedis redis) {
    Assumptions.assumeTrue(redis.server().supportsFaultInjection(), "an external or Docker Redis is not the testkit's to signal");
    ServerProcess server = redis.server().standaloneProcess();
    RedisNode n = redis.standalone();
    try (RespClient c = new RespClient(n.host(), n.port())) {
      c.call("SET", redis.keyPrefix() + "k", "v");
    }
    try {
      server.freeze();
      server.kill(); // a frozen server can be killed: SIGKILL needs no thaw
      assertFalse(server.isFrozen());
      assertThrows(RuntimeException.class, () -> new RespClient(n.host(), n.port()).call("PING"));
    } finally {
      server.restart();
    }
    try (RespClient c = new RespClient(n.host(), n.port())) {
      assertEquals("PONG", c.call("PING"));
      assertEquals(null, c.call("GET", redis.keyPrefix() + "k"), "test servers do not persist");
    }
  }

  @Test
  void redisClusterNode_killedThenRestarted_clusterIsOkAgain(TestRedis redis) {
    RedisClusterNodes cluster = redis.cluster();
    Assumptions.assumeTrue(System.getenv("STRATA_TEST_REDIS_CLUSTER_NODES") == null, "an external cluster is not the testkit's to signal");
    ServerProcess node = cluster.nodeProcess(2);
    try {
      node.kill();
      assertFalse(node.isRunning());
    } finally {
      node.restart(); // waits for cluster_state:ok on every node
    }
    assertTrue(node.isRunning());
    RedisNode n = cluster.nodes().get(2);
    try (RespClient c = new RespClient(n.host(), n.port())) {
      assertTrue(((String) c.call("CLUSTER", "INFO")).contains("cluster_state:ok"));
    }
  }

  private static void exec(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String scalar(Connection c, String sql) {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
