package dev.strata.examples.bench.reliability;

import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.Redis;
import dev.strata.testkit.RedisClusterNodes;
import java.time.Duration;
import java.util.Objects;

/**
 * One real fault injected during the mixed workload: {@link #inject()}, held for {@link #hold()},
 * then {@link #heal()}. What the workload may see meanwhile is declared, nothing else is tolerated:
 * writes may fail only in a primary outage ({@link #writesMayFail()}), searches only while Qdrant is
 * away ({@link #searchesMayFail()}); reads never.
 *
 * @param name            the fault in reports ({@code redis.kill}, {@code primary.kill}, ...)
 * @param inject          what breaks the server
 * @param heal            what brings it back (returns once the server accepts connections)
 * @param hold            how long the fault lasts
 * @param writesMayFail   writes overlapping the fault may fail (with Strata's exceptions only)
 * @param searchesMayFail searches overlapping the fault may fail (with strata-vector's exception only)
 */
public record Fault(String name, Action inject, Action heal, Duration hold, boolean writesMayFail,
    boolean searchesMayFail) {

  /** A step of a fault. */
  @FunctionalInterface
  public interface Action {
    /** Runs it. */
    void run() throws Exception;
  }

  /** Checks the values. */
  public Fault {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(inject, "inject");
    Objects.requireNonNull(heal, "heal");
    Objects.requireNonNull(hold, "hold");
  }

  /** Redis (standalone) killed with SIGKILL, then restarted empty on its port. */
  public static Fault redisKill(Redis redis, Duration hold) {
    return new Fault("redis.kill", () -> redis.standaloneProcess().kill(), () -> redis.standaloneProcess().restart(),
        hold, false, false);
  }

  /** Redis (standalone) frozen with SIGSTOP (sockets open, nothing answered), then thawed. */
  public static Fault redisFreeze(Redis redis, Duration hold) {
    return new Fault("redis.freeze", () -> redis.standaloneProcess().freeze(), () -> redis.standaloneProcess().thaw(),
        hold, false, false);
  }

  /** Redis Cluster master {@code node} killed, then restarted with its {@code nodes.conf} (empty). */
  public static Fault clusterMasterKill(RedisClusterNodes cluster, int node, Duration hold) {
    return new Fault("redis_cluster.master" + node + ".kill", () -> cluster.nodeProcess(node).kill(),
        () -> cluster.nodeProcess(node).restart(), hold, false, false);
  }

  /** The replica killed with SIGKILL, then restarted (it catches up from the primary's slot). */
  public static Fault replicaKill(PostgreSQL pg, Duration hold) {
    return new Fault("replica.kill", () -> pg.replicaProcess().kill(), () -> pg.replicaProcess().restart(),
        hold, false, false);
  }

  /** The replica frozen with SIGSTOP (a hung host), then thawed. */
  public static Fault replicaFreeze(PostgreSQL pg, Duration hold) {
    return new Fault("replica.freeze", () -> pg.replicaProcess().freeze(), () -> pg.replicaProcess().thaw(),
        hold, false, false);
  }

  /** The replica's replay paused (it keeps answering, ever further behind), then resumed. */
  public static Fault replayPause(PostgreSQL pg, Duration hold) {
    return new Fault("replica.replay_pause", pg::pauseReplay, pg::resumeReplay, hold, false, false);
  }

  /** The primary killed with SIGKILL, then restarted (crash recovery); the application is not restarted. */
  public static Fault primaryKill(PostgreSQL pg, Duration hold) {
    return new Fault("primary.kill", () -> pg.primaryProcess().kill(), () -> pg.primaryProcess().restart(),
        hold, true, false);
  }

  /** Qdrant stopped (calls fail with UNAVAILABLE, its data kept) while content is written, then started. */
  public static Fault qdrantStop(QdrantServer qdrant, Duration hold) {
    return new Fault("qdrant.stop", qdrant::stop, qdrant::start, hold, false, true);
  }
}
