package dev.strata.examples.bench;

import dev.strata.testkit.LatencyProxy;
import dev.strata.testkit.PostgresNode;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.RedisNode;
import dev.strata.testkit.TestDatabase;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Where the harness's connections go: straight to testkit's servers, or, with {@code --rtt-ms X},
 * through one {@link LatencyProxy} per server (PostgreSQL primary, replica, Redis, each Qdrant) that
 * adds X ms to every round trip. Scenarios take every address from here, never from testkit
 * directly, so no connection of theirs bypasses the simulated network. testkit's own control
 * connections (creating databases, waiting for the replica, fault injection) stay direct: they are
 * not part of what is measured.
 */
final class BenchNetwork implements AutoCloseable {

  private final double rttMs;
  private final Map<String, LatencyProxy> proxies = new ConcurrentHashMap<>();

  /** @param rttMs the round trip to add, in milliseconds; 0 connects directly */
  BenchNetwork(double rttMs) {
    if (!(rttMs >= 0) || Double.isInfinite(rttMs)) {
      throw new IllegalArgumentException("rttMs must be a finite number of milliseconds >= 0, was: " + rttMs);
    }
    this.rttMs = rttMs;
  }

  /** The round trip added to every connection, in milliseconds (0: direct). */
  double rttMs() {
    return rttMs;
  }

  /** JDBC URL of {@code db} on the primary (user included, password not). */
  String jdbcUrl(TestDatabase db) {
    return primary(db).jdbcUrl(db.name());
  }

  /** A plain, non-pooled data source of {@code db} on the primary. */
  DataSource dataSource(TestDatabase db) {
    return primary(db).dataSource(db.name());
  }

  /** JDBC URL of {@code db} on the replica; starts the replica and waits until the database is there. */
  String replicaJdbcUrl(TestDatabase db) {
    db.replicaJdbcUrl(); // starts the replica and waits for the database
    return route(db.server().replica()).jdbcUrl(db.name());
  }

  /** The Redis standalone server as a {@code redis://host:port} URI. */
  String redisUri(RedisNode node) {
    if (rttMs == 0) {
      return node.uri();
    }
    LatencyProxy p = proxy(node.host(), node.port());
    return new RedisNode(p.host(), p.port()).uri();
  }

  /** A new client of {@code server} over its own plaintext channel (closed with the client). */
  QdrantClient qdrantClient(QdrantServer server) {
    if (rttMs == 0) {
      return server.newClient();
    }
    LatencyProxy p = proxy(server.host(), server.grpcPort());
    return new QdrantClient(QdrantGrpcClient.newBuilder(p.host(), p.port(), false, false).build());
  }

  /** Where to reach {@code server}'s gRPC port: itself, or its proxy (host, port). */
  java.util.Map.Entry<String, Integer> qdrantAddress(QdrantServer server) {
    if (rttMs == 0) {
      return java.util.Map.entry(server.host(), server.grpcPort());
    }
    LatencyProxy p = proxy(server.host(), server.grpcPort());
    return java.util.Map.entry(p.host(), p.port());
  }

  /** Connections accepted by all proxies so far (0 when direct): lets a test see that traffic went through them. */
  long proxiedConnections() {
    return proxies.values().stream().mapToLong(LatencyProxy::acceptedConnections).sum();
  }

  /** Closes every proxy (and with them every connection still open through them). */
  @Override
  public void close() {
    proxies.values().forEach(LatencyProxy::close);
    proxies.clear();
  }

  private PostgresNode primary(TestDatabase db) {
    return route(db.server().primary());
  }

  private PostgresNode route(PostgresNode node) {
    if (rttMs == 0) {
      return node;
    }
    LatencyProxy p = proxy(node.host(), node.port());
    return new PostgresNode(p.host(), p.port(), node.user(), node.password());
  }

  private LatencyProxy proxy(String host, int port) {
    return proxies.computeIfAbsent(host + ":" + port,
        k -> LatencyProxy.withRoundTrip(host, port, Duration.ofNanos(Math.round(rttMs * 1_000_000))));
  }
}
