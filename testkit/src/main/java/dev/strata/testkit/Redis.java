package dev.strata.testkit;

import dev.strata.testkit.internal.Docker;
import dev.strata.testkit.internal.FreePorts;
import dev.strata.testkit.internal.RedisContainer;
import dev.strata.testkit.internal.RedisProcess;
import dev.strata.testkit.internal.TempDirs;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis server and a real three-master Redis Cluster for tests: one set per JVM, each
 * started on first use and stopped by a shutdown hook.
 *
 * <p>Standalone resolution order: {@code STRATA_TEST_REDIS_URL} when set; else Testcontainers
 * ({@code redis:7}) when a Docker engine answers (unless {@code STRATA_TESTKIT_DOCKER=false}); else
 * Redis 6.2 binaries from the codemonstur embedded-redis Maven artifact. The cluster comes from
 * {@code STRATA_TEST_REDIS_CLUSTER_NODES} or embedded binaries (see {@link RedisClusterNodes}).
 *
 * <p>Tests share the servers and isolate themselves by key prefix ({@link RedisExtension} gives each
 * test class its own).
 */
public final class Redis {

  private static final Logger log = LoggerFactory.getLogger(Redis.class);
  private static volatile Redis shared;

  private RedisNode standaloneNode;
  private RedisProcess standaloneProcess;
  private RedisContainer standaloneContainer;
  private Path standaloneDir;
  private RedisClusterNodes cluster;
  private ServerProcess standaloneServerProcess;

  private Redis() {}

  /** The servers of this JVM (each is started on first use). */
  public static Redis shared() {
    Redis r = shared;
    if (r == null) {
      synchronized (Redis.class) {
        r = shared;
        if (r == null) {
          r = new Redis();
          Runtime.getRuntime().addShutdownHook(new Thread(r::close, "strata-testkit-redis-stop"));
          shared = r;
        }
      }
    }
    return r;
  }

  /** The standalone server, started on first call. */
  public synchronized RedisNode standalone() {
    if (standaloneNode == null) {
      String url = System.getenv("STRATA_TEST_REDIS_URL");
      if (url != null && !url.isBlank()) {
        standaloneNode = RedisNode.parse("STRATA_TEST_REDIS_URL", url);
      } else if (Docker.available()) {
        standaloneContainer = new RedisContainer();
        standaloneNode = new RedisNode(standaloneContainer.host(), standaloneContainer.port());
      } else {
        standaloneDir = TempDirs.create("strata-redis-");
        standaloneProcess = new RedisProcess(FreePorts.next(), standaloneDir, List.of());
        standaloneProcess.start();
        standaloneNode = new RedisNode("127.0.0.1", standaloneProcess.port());
      }
      log.info("testkit Redis standalone: {}", standaloneNode.uri());
    }
    return standaloneNode;
  }

  /**
   * Whether {@link #stopStandalone()}, {@link #restartStandalone()}, {@link #freezeStandalone()} and
   * {@link #thawStandalone()} are available (embedded server only).
   */
  public synchronized boolean supportsFaultInjection() {
    standalone();
    return standaloneProcess != null;
  }

  /** Stops the standalone server (fault injection); clients see connection failures until restarted. */
  public synchronized void stopStandalone() {
    requireProcess().stop();
  }

  /** Starts the standalone server again on the same port (empty: it does not persist). */
  public synchronized void restartStandalone() {
    requireProcess().start();
  }

  /**
   * Freezes the standalone server with SIGSTOP (fault injection, embedded server only): connections
   * stay open but nothing is answered, so clients see timeouts rather than disconnects, as with a
   * stalled host. {@link #thawStandalone()} resumes it with its data and connections intact.
   */
  public synchronized void freezeStandalone() {
    standaloneProcess().freeze();
  }

  /** Resumes a server frozen by {@link #freezeStandalone()} (SIGCONT); it answers what was sent meanwhile. */
  public synchronized void thawStandalone() {
    standaloneProcess().thaw();
  }

  /**
   * The standalone server's process, to kill, freeze or restart it (see {@link ServerProcess}); a
   * restarted server is empty.
   *
   * @throws UnsupportedOperationException unless {@link #supportsFaultInjection()}
   */
  public synchronized ServerProcess standaloneProcess() {
    RedisProcess p = requireProcess();
    if (standaloneServerProcess == null) {
      standaloneServerProcess = p.asServerProcess("Redis standalone", () -> {});
    }
    return standaloneServerProcess;
  }

  private RedisProcess requireProcess() {
    standalone();
    if (standaloneProcess == null) {
      throw new UnsupportedOperationException("stop/restart needs the embedded server; this one is "
          + standaloneNode.uri() + (standaloneContainer != null ? " in Docker" : " from STRATA_TEST_REDIS_URL")
          + " (set STRATA_TESTKIT_DOCKER=false to use the embedded server)");
    }
    return standaloneProcess;
  }

  /** The three-master cluster, formed on first call. */
  public synchronized RedisClusterNodes cluster() {
    if (cluster == null) {
      String nodes = System.getenv("STRATA_TEST_REDIS_CLUSTER_NODES");
      cluster = nodes != null && !nodes.isBlank()
          ? RedisClusterNodes.external("STRATA_TEST_REDIS_CLUSTER_NODES", nodes)
          : RedisClusterNodes.embedded();
      log.info("testkit Redis Cluster: {}", cluster.uris());
    }
    return cluster;
  }

  private synchronized void close() {
    if (standaloneProcess != null) {
      standaloneProcess.stop();
      TempDirs.deleteQuietly(standaloneDir);
    }
    if (standaloneContainer != null) {
      standaloneContainer.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }
}
