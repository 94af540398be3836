package dev.strata.examples.bench.workload;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import java.util.Objects;

/**
 * Where the workload's stacks connect: the PostgreSQL primary and replica of the benchmark database,
 * Redis, and Qdrant's gRPC endpoint. The harness builds this from its context, so a harness that
 * routes connections through a latency-injecting proxy only has to hand different endpoints here.
 * Server-side counters ({@link ServerCounters}) read the same servers.
 *
 * @param primaryJdbcUrl JDBC URL of the primary
 * @param replicaJdbcUrl JDBC URL of the streaming replica
 * @param dbUser         database user
 * @param dbPassword     database password (never logged)
 * @param redisUri       {@code redis://host:port} of a standalone Redis
 * @param qdrantHost     host of Qdrant's gRPC endpoint
 * @param qdrantPort     port of Qdrant's gRPC endpoint
 */
public record ServiceEndpoints(String primaryJdbcUrl, String replicaJdbcUrl, String dbUser, String dbPassword,
    String redisUri, String qdrantHost, int qdrantPort) {

  /** Checks every endpoint is named. */
  public ServiceEndpoints {
    Objects.requireNonNull(primaryJdbcUrl, "primaryJdbcUrl");
    Objects.requireNonNull(replicaJdbcUrl, "replicaJdbcUrl");
    Objects.requireNonNull(dbUser, "dbUser");
    Objects.requireNonNull(dbPassword, "dbPassword");
    Objects.requireNonNull(redisUri, "redisUri");
    Objects.requireNonNull(qdrantHost, "qdrantHost");
    if (qdrantPort <= 0 || qdrantPort > 65_535) {
      throw new IllegalArgumentException("qdrantPort must be in 1..65535, was: " + qdrantPort);
    }
  }

  /** A new plaintext Qdrant client (no version check: testkit's emulator has no version). */
  public QdrantClient newQdrantClient() {
    return new QdrantClient(QdrantGrpcClient.newBuilder(qdrantHost, qdrantPort, false, false).build());
  }

  @Override
  public String toString() {
    return "ServiceEndpoints[primary=" + primaryJdbcUrl + ", replica=" + replicaJdbcUrl + ", redis=" + redisUri
        + ", qdrant=" + qdrantHost + ":" + qdrantPort + "]";
  }
}
