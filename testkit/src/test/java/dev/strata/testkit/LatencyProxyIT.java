package dev.strata.testkit;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ScoredPoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PostgreSQL's wire protocol, RESP (pipelined and pub/sub) and gRPC work through the proxy, delayed. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class LatencyProxyIT {

  private static final Duration RTT = Duration.ofMillis(10);

  @Test
  void postgres_jdbcQueriesThroughProxy_answerAndTakeAtLeastTheRoundTrip(TestDatabase db) throws Exception {
    PostgresNode pg = db.server().primary();
    try (LatencyProxy proxy = LatencyProxy.withRoundTrip(pg.host(), pg.port(), RTT)) {
      String url = "jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + "/" + db.name();
      try (Connection c = DriverManager.getConnection(url, db.user(), db.password());
          PreparedStatement one = c.prepareStatement("SELECT 1");
          PreparedStatement many = c.prepareStatement("SELECT g, md5(g::text) FROM generate_series(1, 20000) g")) {
        for (int i = 0; i < 3; i++) {
          long t0 = System.nanoTime();
          try (ResultSet rs = one.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
          }
          long took = System.nanoTime() - t0;
          assertTrue(took >= RTT.toNanos(), "SELECT 1 took " + took + " ns, less than the round trip " + RTT);
        }
        long sum = 0;
        int rows = 0;
        try (ResultSet rs = many.executeQuery()) { // about a megabyte, in many TCP segments
          while (rs.next()) {
            sum += rs.getInt(1);
            rows++;
            assertEquals(32, rs.getString(2).length());
          }
        }
        assertEquals(20_000, rows);
        assertEquals(20_000L * 20_001 / 2, sum);
      }
      assertEquals(1, proxy.acceptedConnections());
    }
  }

  @Test
  void redis_lettucePingSetGetAndPipelinedIncrements_inOrder(TestRedis redis) throws Exception {
    RedisNode node = redis.standalone();
    RedisClient client = RedisClient.create();
    try (LatencyProxy proxy = LatencyProxy.withRoundTrip(node.host(), node.port(), RTT);
        StatefulRedisConnection<String, String> conn = client.connect(
            io.lettuce.core.RedisURI.create("redis://" + proxy.host() + ":" + proxy.port()))) {
      var sync = conn.sync();
      long t0 = System.nanoTime();
      assertEquals("PONG", sync.ping());
      long took = System.nanoTime() - t0;
      assertTrue(took >= RTT.toNanos(), "PING took " + took + " ns, less than the round trip " + RTT);
      String key = redis.keyPrefix() + "k";
      assertEquals("OK", sync.set(key, "v"));
      assertEquals("v", sync.get(key));

      // 2,000 commands in flight at once: replies must come back whole and in order
      RedisAsyncCommands<String, String> async = conn.async();
      String counter = redis.keyPrefix() + "n";
      List<RedisFuture<Long>> replies = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        replies.add(async.incr(counter));
      }
      for (int i = 0; i < replies.size(); i++) {
        assertEquals(i + 1, replies.get(i).get(30, TimeUnit.SECONDS));
      }
      assertEquals(1, proxy.acceptedConnections());
    } finally {
      client.shutdown();
    }
  }

  @Test
  void redis_pubSubThroughProxy_deliversMessages(TestRedis redis) throws Exception {
    RedisNode node = redis.standalone();
    RedisClient client = RedisClient.create();
    String channel = redis.keyPrefix() + "ch";
    try (LatencyProxy proxy = LatencyProxy.withRoundTrip(node.host(), node.port(), RTT)) {
      io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.create("redis://" + proxy.host() + ":" + proxy.port());
      try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub(uri);
          StatefulRedisConnection<String, String> pub = client.connect(uri)) {
        CompletableFuture<String> received = new CompletableFuture<>();
        sub.addListener(new RedisPubSubAdapter<>() {
          @Override
          public void message(String ch, String message) {
            if (ch.equals(channel)) {
              received.complete(message);
            }
          }
        });
        sub.sync().subscribe(channel); // returns once the subscription is confirmed
        assertEquals(1L, pub.sync().publish(channel, "hello"));
        assertEquals("hello", received.get(30, TimeUnit.SECONDS));
      }
      assertEquals(2, proxy.acceptedConnections());
    } finally {
      client.shutdown();
    }
  }

  @Test
  void qdrantEmulator_grpcCallsThroughProxy_answerAndTakeAtLeastTheRoundTrip() throws Exception {
    try (QdrantServer server = Qdrant.startEmulator();
        LatencyProxy proxy = LatencyProxy.withRoundTrip(server.host(), server.grpcPort(), RTT);
        QdrantClient client = new QdrantClient(QdrantGrpcClient.newBuilder(proxy.host(), proxy.port(), false, false).build())) {
      client.createCollectionAsync("docs", VectorParams.newBuilder().setSize(2).setDistance(Distance.Cosine).build()).get();
      client.upsertAsync("docs", List.of(
          PointStruct.newBuilder().setId(id(1)).setVectors(vectors(1, 0)).build(),
          PointStruct.newBuilder().setId(id(2)).setVectors(vectors(0, 1)).build())).get();
      long t0 = System.nanoTime();
      List<ScoredPoint> hits = client.queryAsync(QueryPoints.newBuilder().setCollectionName("docs")
          .setQuery(nearest(0.1f, 1f)).setLimit(1).build()).get(30, TimeUnit.SECONDS);
      long took = System.nanoTime() - t0;
      assertEquals(2, hits.get(0).getId().getNum());
      assertTrue(took >= RTT.toNanos(), "Query took " + took + " ns, less than the round trip " + RTT);
      assertEquals(1, proxy.acceptedConnections());
    }
  }
}
