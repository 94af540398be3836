package dev.strata.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.Redis;
import dev.strata.testkit.RedisExtension;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qdrant.client.QdrantClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With --rtt-ms, every address the harness hands out leads through a latency proxy; without it, straight to testkit. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class BenchNetworkIT {

  private static final double RTT_MS = 4;

  @Test
  void withRtt_postgresPrimaryAndReplica_goThroughProxiesThatAddTheRoundTrip(TestDatabase db) throws Exception {
    try (BenchNetwork net = new BenchNetwork(RTT_MS)) {
      String primary = net.jdbcUrl(db);
      String replica = net.replicaJdbcUrl(db);
      assertNotEquals(db.jdbcUrl(), primary);
      assertNotEquals(db.replicaJdbcUrl(), replica);
      assertRoundTripAtLeastRtt(primary, db);
      assertRoundTripAtLeastRtt(replica, db);
      try (Connection c = net.dataSource(db).getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
        assertTrue(rs.next());
      }
      assertEquals(3, net.proxiedConnections());
    }
  }

  @Test
  void withRtt_redisAndQdrant_goThroughProxies(TestRedis redis) throws Exception {
    try (BenchNetwork net = new BenchNetwork(RTT_MS); QdrantServer qdrant = Qdrant.startEmulator()) {
      String uri = net.redisUri(redis.standalone());
      assertNotEquals(redis.standalone().uri(), uri);
      RedisClient client = RedisClient.create(uri);
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        assertEquals("PONG", c.sync().ping());
      } finally {
        client.shutdown();
      }
      assertEquals(1, net.proxiedConnections());
      try (QdrantClient q = net.qdrantClient(qdrant)) {
        assertTrue(q.listCollectionsAsync().get().isEmpty());
      }
      assertEquals(2, net.proxiedConnections());
    }
  }

  @Test
  void withoutRtt_addressesAreTestkitsOwn(TestDatabase db) {
    try (BenchNetwork net = new BenchNetwork(0)) {
      assertEquals(db.jdbcUrl(), net.jdbcUrl(db));
      assertEquals(db.replicaJdbcUrl(), net.replicaJdbcUrl(db));
      assertEquals(Redis.shared().standalone().uri(), net.redisUri(Redis.shared().standalone()));
      assertEquals(0, net.proxiedConnections());
    }
  }

  private static void assertRoundTripAtLeastRtt(String url, TestDatabase db) throws Exception {
    try (Connection c = DriverManager.getConnection(url, db.user(), db.password()); Statement st = c.createStatement()) {
      long t0 = System.nanoTime();
      try (ResultSet rs = st.executeQuery("SELECT 1")) {
        assertTrue(rs.next());
      }
      long took = System.nanoTime() - t0;
      // a lower bound only (the machine may add to it)
      assertTrue(took >= RTT_MS * 1_000_000, url + ": SELECT 1 took " + took + " ns, less than " + RTT_MS + " ms");
    }
  }
}
