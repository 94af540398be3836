package dev.strata.testkit;

import dev.strata.testkit.internal.ContainerPostgresBackend;
import dev.strata.testkit.internal.Docker;
import dev.strata.testkit.internal.EmbeddedPostgresBackend;
import dev.strata.testkit.internal.ExternalPostgresBackend;
import dev.strata.testkit.internal.PostgresBackend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL primary and, on request, a real hot standby fed by streaming replication: one
 * set per JVM, started on first use and stopped by a shutdown hook.
 *
 * <p>Resolution order: {@code STRATA_TEST_POSTGRES_URL} (and {@code STRATA_TEST_POSTGRES_REPLICA_URL})
 * when set; else Testcontainers when a Docker engine answers (unless {@code STRATA_TESTKIT_DOCKER=false});
 * else PostgreSQL 17 binaries from the io.zonky.test Maven artifacts, which need nothing installed and
 * run as root or as an ordinary user.
 *
 * <p>Tests isolate themselves with {@link #newDatabase(String)} (or {@link PostgresExtension}, which
 * does it per test class). The replica replays everything the primary writes, databases included.
 */
public final class PostgreSQL {

  private static final Logger log = LoggerFactory.getLogger(PostgreSQL.class);
  private static final Duration POLL = Duration.ofMillis(20);
  private static volatile PostgreSQL shared;

  private final PostgresBackend backend;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgreSQL(PostgresBackend backend) {
    this.backend = backend;
  }

  /** The servers of this JVM, started on first call. */
  public static PostgreSQL shared() {
    PostgreSQL s = shared;
    if (s == null) {
      synchronized (PostgreSQL.class) {
        s = shared;
        if (s == null) {
          s = new PostgreSQL(resolve());
          PostgreSQL started = s;
          Runtime.getRuntime().addShutdownHook(new Thread(started.backend::close, "strata-testkit-postgres-stop"));
          log.info("testkit PostgreSQL: {}", s.backend.describe());
          shared = s;
        }
      }
    }
    return s;
  }

  private static PostgresBackend resolve() {
    String url = System.getenv("STRATA_TEST_POSTGRES_URL");
    if (url != null && !url.isBlank()) {
      return new ExternalPostgresBackend(url, System.getenv("STRATA_TEST_POSTGRES_REPLICA_URL"));
    }
    if (Docker.available()) {
      return new ContainerPostgresBackend();
    }
    return new EmbeddedPostgresBackend();
  }

  /** The primary (read-write) server. */
  public PostgresNode primary() {
    return backend.primary();
  }

  /** The hot standby, created on first call (the embedded backend restarts the primary once to copy it). */
  public PostgresNode replica() {
    return backend.replica();
  }

  /**
   * Whether stop/start of the primary and the replica, and their {@link #primaryProcess()} /
   * {@link #replicaProcess()}, are available (embedded servers only).
   */
  public boolean supportsFaultInjection() {
    return backend instanceof EmbeddedPostgresBackend;
  }

  /**
   * Creates a fresh, uniquely named database on the primary.
   *
   * @param hint a readable part of the name (e.g. the test class); letters, digits and underscores are kept
   */
  public TestDatabase newDatabase(String hint) {
    String name = databaseName(hint, databases.incrementAndGet());
    try (Connection c = primary().dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + " on " + primary(), e);
    }
    return new TestDatabase(this, name);
  }

  /** A database name from {@code hint}: lower-case identifier characters, at most 63 bytes, unique by {@code n}. */
  static String databaseName(String hint, int n) {
    Objects.requireNonNull(hint, "hint");
    String clean = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
    String suffix = "_" + n + "_" + Long.toString(ProcessHandle.current().pid(), 36);
    int room = 63 - "t_".length() - suffix.length();
    if (clean.length() > room) {
      clean = clean.substring(0, room);
    }
    return "t_" + clean + suffix;
  }

  /** Pauses WAL replay on the replica: from now on it lags the primary until {@link #resumeReplay()}. */
  public void pauseReplay() {
    replicaSql("SELECT pg_wal_replay_pause()");
  }

  /** Resumes WAL replay on the replica. */
  public void resumeReplay() {
    replicaSql("SELECT pg_wal_replay_resume()");
  }

  /** Whether replay is paused (or pausing) on the replica. */
  public boolean isReplayPaused() {
    try (Connection c = replica().dataSource("postgres").getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_get_wal_replay_pause_state()")) {
      rs.next();
      return !"not paused".equals(rs.getString(1));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the replay state of " + replica(), e);
    }
  }

  /**
   * Waits until the replica has replayed everything the primary had written when this was called.
   *
   * @throws IllegalStateException if replay is paused, or the replica is still behind after {@code timeout}
   */
  public void awaitReplicaCatchUp(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (isReplayPaused()) {
      throw new IllegalStateException("replay is paused on the replica; call resumeReplay() first");
    }
    String target;
    try (Connection c = primary().dataSource("postgres").getConnection()) {
      target = walEnd(c);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the WAL position of " + primary(), e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection c = replica().dataSource("postgres").getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false)")) {
      ps.setString(1, target);
      while (true) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("replica has not replayed up to " + target + " within " + timeout);
        }
        sleep(POLL);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the replay position of " + replica(), e);
    }
  }

  /**
   * The end of the WAL the primary behind {@code c} has inserted so far, in the form a standby reports
   * replay ({@code pg_last_wal_replay_lsn()}). {@code pg_current_wal_insert_lsn()} alone is not that:
   * when the last record ends exactly at a WAL page boundary it points past the next page's header, a
   * position no standby reports until more WAL is written.
   */
  static String walEnd(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT l::text, CASE WHEN o.file_offset = 40 THEN 40 "
        + "WHEN o.file_offset % current_setting('wal_block_size')::int = 24 THEN 24 ELSE 0 END "
        + "FROM pg_current_wal_insert_lsn() AS l, pg_walfile_name_offset(l) AS o")) {
      rs.next();
      long lsn = lsnOf(rs.getString(1)) - rs.getInt(2);
      return Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
    }
  }

  /**
   * Writes WAL on the primary behind {@code c} (non-transactional logical messages, no table touched)
   * until its last record ends exactly at a WAL page boundary, and returns
   * {@code pg_current_wal_insert_lsn()} then — which points past the next page's header, while a
   * standby that has replayed everything reports the boundary itself. For tests of code that turns WAL
   * positions into read-your-writes tokens: run it as the last statement of a write, then read.
   *
   * @throws IllegalStateException if other WAL traffic kept moving the position for 100 attempts
   */
  public static String endWalPage(Connection c) throws SQLException {
    Objects.requireNonNull(c, "c");
    int block;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW wal_block_size")) {
      rs.next();
      block = Integer.parseInt(rs.getString(1));
    }
    // a message record: 24 (record header) + 5 (data header) + 24 (message header) + 2 ("p" and NUL) + payload
    final int overhead = 55;
    try (PreparedStatement emit = c.prepareStatement("SELECT pg_logical_emit_message(false, 'p', repeat('x', ?))");
        PreparedStatement position = c.prepareStatement("SELECT pg_current_wal_insert_lsn()::text")) {
      for (int attempt = 0; attempt < 100; attempt++) {
        String before = text(position);
        int left = block - (int) (lsnOf(before) % block);
        int payload = left - overhead;
        if (payload < 300) { // too close to the end for a record with a long data header: go to the next page
          payload = block / 2;
        }
        emit.setInt(1, payload);
        emit.executeQuery().close();
        String after = text(position);
        if (lsnOf(after) % block == 24 && payload == left - overhead) {
          return after;
        }
      }
    }
    throw new IllegalStateException("could not end a WAL page with a record in 100 attempts (other WAL traffic?)");
  }

  private static String text(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long lsnOf(String text) {
    String[] halves = text.split("/");
    return Long.parseLong(halves[0], 16) << 32 | Long.parseLong(halves[1], 16);
  }

  /** Stops the replica (same data directory and port kept for {@link #startReplica()}). */
  public void stopReplica() {
    backend.stopReplica();
  }

  /** Starts the replica again on the same port; it resumes streaming from where it stopped. */
  public void startReplica() {
    backend.startReplica();
  }

  /** Stops the primary (fault injection); the replica keeps serving reads. */
  public void stopPrimary() {
    backend.stopPrimary();
  }

  /** Starts the primary again on the same port. */
  public void startPrimary() {
    backend.startPrimary();
  }

  /**
   * The primary's server process, to kill, freeze or restart it (see {@link ServerProcess}).
   *
   * @throws UnsupportedOperationException unless {@link #supportsFaultInjection()}
   */
  public ServerProcess primaryProcess() {
    return backend.primaryProcess();
  }

  /**
   * The replica's server process (the replica is created first if needed).
   *
   * @throws UnsupportedOperationException unless {@link #supportsFaultInjection()}
   */
  public ServerProcess replicaProcess() {
    return backend.replicaProcess();
  }

  private void replicaSql(String sql) {
    try (Connection c = replica().dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("'" + sql + "' failed on " + replica(), e);
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL[" + backend.describe() + "]";
  }
}
