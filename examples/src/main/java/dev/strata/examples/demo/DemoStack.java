package dev.strata.examples.demo;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.dataset.DatasetSummary;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.Redis;
import dev.strata.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The servers both demo app instances share: a PostgreSQL primary with a streaming replica and a
 * freshly generated dataset, Redis, and Qdrant's gRPC API, all through the testkit (embedded
 * binaries and the Qdrant emulator, or the servers named by the testkit's environment variables).
 * Also the fault drills, which act on these shared servers.
 */
final class DemoStack {

  private final PostgreSQL pg;
  private final TestDatabase db;
  private final Redis redis;
  private final QdrantServer qdrant;
  private final DatasetSummary dataset;

  private DemoStack(PostgreSQL pg, TestDatabase db, Redis redis, QdrantServer qdrant, DatasetSummary dataset) {
    this.pg = pg;
    this.db = db;
    this.redis = redis;
    this.qdrant = qdrant;
    this.dataset = dataset;
  }

  /** Starts (or reuses) the servers, creates a database, migrates it and generates {@code users} users. */
  static DemoStack start(int users) {
    if (users < 1) {
      throw new IllegalArgumentException("users must be at least 1, was: " + users);
    }
    PostgreSQL pg = PostgreSQL.shared();
    TestDatabase db = pg.newDatabase("demo_app");
    Redis redis = Redis.shared();
    redis.standalone();
    QdrantServer qdrant = Qdrant.dockerAvailable() ? Qdrant.container() : Qdrant.startEmulator();
    StrataSchema.migrate(db.dataSource());
    DatasetSummary data = DatasetGenerator.builder().seed(7).users(users).build().generate(db.dataSource());
    pg.awaitReplicaCatchUp(Duration.ofSeconds(60));
    return new DemoStack(pg, db, redis, qdrant, data);
  }

  TestDatabase database() {
    return db;
  }

  DatasetSummary dataset() {
    return dataset;
  }

  String redisUri() {
    return redis.standalone().uri();
  }

  QdrantServer qdrant() {
    return qdrant;
  }

  /** A new pool on the primary ({@code replica} false) or on the replica. */
  HikariDataSource pool(boolean replica, String name) {
    return StrataPools.create(PoolSettings.builder().jdbcUrl(replica ? db.replicaJdbcUrl() : db.jdbcUrl())
        .username(db.user()).password(db.password()).poolName(name).maxPoolSize(4).build());
  }

  /** The drills a person can run, by name. */
  static final List<String> DRILLS = List.of("replica/pause", "replica/resume", "redis/stop", "redis/start",
      "qdrant/stop", "qdrant/start");

  private boolean redisStopped;
  private boolean qdrantStopped;

  /**
   * Runs drill {@code name} (one of {@link #DRILLS}) on the shared servers; running a drill twice
   * (stopping a stopped server) does nothing the second time.
   *
   * @return the servers' state afterwards, see {@link #state()}
   * @throws IllegalArgumentException for an unknown drill name
   * @throws UnsupportedOperationException when the server was named by an environment variable
   */
  synchronized Map<String, Object> drill(String name) {
    Objects.requireNonNull(name, "name");
    switch (name) {
      case "replica/pause" -> pg.pauseReplay();
      case "replica/resume" -> pg.resumeReplay();
      case "redis/stop", "redis/start" -> {
        requireFaults(redis.supportsFaultInjection(), "Redis");
        boolean stop = name.endsWith("stop");
        if (stop != redisStopped) {
          if (stop) {
            redis.stopStandalone();
          } else {
            redis.restartStandalone();
          }
          redisStopped = stop;
        }
      }
      case "qdrant/stop", "qdrant/start" -> {
        requireFaults(qdrant.supportsFaultInjection(), "Qdrant");
        boolean stop = name.endsWith("stop");
        if (stop != qdrantStopped) {
          if (stop) {
            qdrant.stop();
          } else {
            qdrant.start();
          }
          qdrantStopped = stop;
        }
      }
      default -> throw new IllegalArgumentException("drill must be one of " + DRILLS + ", was: '" + name + "'");
    }
    return state();
  }

  /** The drills' state: replica replay paused, Redis stopped, Qdrant stopped. */
  synchronized Map<String, Object> state() {
    return Map.of("replicaReplayPaused", pg.isReplayPaused(), "redisStopped", redisStopped, "qdrantStopped", qdrantStopped);
  }

  /** Undoes every drill still in force (the demo's shutdown and the tests' clean-up). */
  synchronized void heal() {
    if (pg.isReplayPaused()) {
      pg.resumeReplay();
    }
    if (redisStopped) {
      drill("redis/start");
    }
    if (qdrantStopped) {
      drill("qdrant/start");
    }
  }

  private static void requireFaults(boolean supported, String server) {
    if (!supported) {
      throw new UnsupportedOperationException(server + " was named by an environment variable; the demo stops only"
          + " servers it started");
    }
  }
}
