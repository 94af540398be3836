package dev.strata.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * One database created for a test class on the shared primary, and the same database as the hot
 * standby sees it.
 */
public final class TestDatabase {

  private static final Duration REPLICA_WAIT = Duration.ofSeconds(30);

  private final PostgreSQL server;
  private final String name;
  private volatile boolean seenOnReplica;

  TestDatabase(PostgreSQL server, String name) {
    this.server = server;
    this.name = name;
  }

  /** The database name. */
  public String name() {
    return name;
  }

  /** The user to log in as (a superuser). */
  public String user() {
    return server.primary().user();
  }

  /** The password; empty when the server trusts loopback connections. Never logged by the testkit. */
  public String password() {
    return server.primary().password();
  }

  /** JDBC URL of this database on the primary (user included, password not). */
  public String jdbcUrl() {
    return server.primary().jdbcUrl(name);
  }

  /** A plain, non-pooled data source on the primary. */
  public DataSource dataSource() {
    return server.primary().dataSource(name);
  }

  /** JDBC URL of this database on the replica; starts the replica and waits until the database is there. */
  public String replicaJdbcUrl() {
    awaitOnReplica();
    return server.replica().jdbcUrl(name);
  }

  /** A plain, non-pooled data source on the replica; starts it and waits until the database is there. */
  public DataSource replicaDataSource() {
    awaitOnReplica();
    return server.replica().dataSource(name);
  }

  /** The servers this database lives on. */
  public PostgreSQL server() {
    return server;
  }

  private void awaitOnReplica() {
    if (seenOnReplica) {
      return;
    }
    long deadline = System.nanoTime() + REPLICA_WAIT.toNanos();
    PostgresNode replica = server.replica();
    while (true) {
      try (Connection c = replica.dataSource("postgres").getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            seenOnReplica = true;
            return;
          }
        }
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("replica " + replica + " unreachable", e);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("database " + name + " did not reach the replica within " + REPLICA_WAIT
            + (server.isReplayPaused() ? " (replay is paused)" : ""));
      }
      PostgreSQL.sleep(Duration.ofMillis(20));
    }
  }

  @Override
  public String toString() {
    return "TestDatabase[" + name + " on " + server.primary() + "]";
  }
}
