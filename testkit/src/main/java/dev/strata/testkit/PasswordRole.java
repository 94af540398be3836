package dev.strata.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;

/**
 * A login role that must authenticate with a password (SCRAM-SHA-256), for tests of credentials:
 * testkit's embedded PostgreSQL otherwise trusts every loopback connection (zonky's {@code pg_hba.conf}).
 * {@link #create} makes a role with a random password, grants it the test database (and the
 * {@code pg_monitor} role, which read/write routing needs to read replication state), and puts
 * {@code host all <role> 127.0.0.1/32 scram-sha-256} (and {@code ::1/128}) at the top of the server's
 * {@code pg_hba.conf}, then reloads it: the role, and only it, must then give its password. Other roles
 * keep the trust rules.
 *
 * <p>Needs the embedded servers (the testkit edits their {@code pg_hba.conf}); elsewhere create the role
 * yourself and name a server that requires passwords with {@code STRATA_TEST_POSTGRES_URL}.
 */
public final class PasswordRole {

  private static final Duration RELOAD_WAIT = Duration.ofSeconds(10);

  private final TestDatabase db;
  private final String name;
  private final String password;

  private PasswordRole(TestDatabase db, String name, String password) {
    this.db = db;
    this.name = name;
    this.password = password;
  }

  /**
   * Creates the role on {@code db}'s server and requires its password on the primary and, when
   * {@code onReplica}, on the hot standby too (which this starts); returns once each server refuses a
   * wrong password.
   *
   * @throws UnsupportedOperationException when the server's {@code pg_hba.conf} is not a local file the
   *     testkit may edit (a server from Docker or the environment)
   */
  public static PasswordRole create(TestDatabase db, boolean onReplica) {
    Objects.requireNonNull(db, "db");
    SecureRandom random = new SecureRandom();
    String name = "strata_pw_" + HexFormat.of().formatHex(random.generateSeed(4));
    byte[] secret = new byte[16];
    random.nextBytes(secret);
    PasswordRole role = new PasswordRole(db, name, "pw-" + HexFormat.of().formatHex(secret));
    PostgresNode primary = db.server().primary();
    role.execute(primary, "postgres", "SET password_encryption = 'scram-sha-256'",
        "CREATE ROLE " + name + " LOGIN PASSWORD '" + role.password + "' IN ROLE pg_monitor",
        "GRANT ALL ON DATABASE " + db.name() + " TO " + name);
    role.execute(primary, db.name(), "GRANT ALL ON SCHEMA public TO " + name);
    role.requirePassword(primary, db.name());
    if (onReplica) {
      db.replicaJdbcUrl(); // starts the standby and waits for the database there
      db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
      role.requirePassword(db.server().replica(), db.name());
    }
    return role;
  }

  /** The role's name. */
  public String name() {
    return name;
  }

  /** The role's password. */
  public String password() {
    return password;
  }

  /** The test database on the primary, as this role: {@code jdbc:postgresql://host:port/db?user=role} (no password). */
  public String jdbcUrl() {
    PostgresNode p = db.server().primary();
    return "jdbc:postgresql://" + p.host() + ":" + p.port() + "/" + db.name() + "?user=" + name;
  }

  /** The test database on the hot standby, as this role (no password); see {@link #create}'s {@code onReplica}. */
  public String replicaJdbcUrl() {
    PostgresNode r = db.server().replica();
    return "jdbc:postgresql://" + r.host() + ":" + r.port() + "/" + db.name() + "?user=" + name;
  }

  /** Shows the role's name, never its password. */
  @Override
  public String toString() {
    return "PasswordRole[" + name + " on " + db.name() + "]";
  }

  private void execute(PostgresNode node, String database, String... statements) {
    try (Connection c = node.dataSource(database).getConnection(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      // the statements hold the password: name the role, not the SQL
      throw new IllegalStateException("cannot set up password role " + name + " on " + node + ": " + e.getSQLState(), e);
    }
  }

  private void requirePassword(PostgresNode node, String database) {
    Path hba;
    try (Connection c = node.dataSource(database).getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW hba_file")) {
      rs.next();
      hba = Path.of(rs.getString(1));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read hba_file on " + node, e);
    }
    if (!Files.isRegularFile(hba) || !Files.isWritable(hba)) {
      throw new UnsupportedOperationException("PasswordRole needs the embedded PostgreSQL: " + node
          + "'s pg_hba.conf (" + hba + ") is not a file the testkit can edit");
    }
    try {
      String rules = "host all " + name + " 127.0.0.1/32 scram-sha-256\nhost all " + name + " ::1/128 scram-sha-256\n";
      Files.writeString(hba, rules + Files.readString(hba, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot edit " + hba, e);
    }
    execute(node, database, "SELECT pg_reload_conf()");
    awaitRefusal(node, database);
  }

  /** pg_reload_conf() only signals the postmaster: wait until a wrong password is actually refused. */
  private void awaitRefusal(PostgresNode node, String database) {
    long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
    Properties wrong = new Properties();
    wrong.setProperty("user", name);
    wrong.setProperty("password", "not-" + password);
    String url = "jdbc:postgresql://" + node.host() + ":" + node.port() + "/" + database;
    while (true) {
      try (Connection c = DriverManager.getConnection(url, wrong)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(node + " still lets " + name + " in without its password after "
              + RELOAD_WAIT + " (pg_hba.conf not reloaded?)");
        }
      } catch (SQLException e) {
        if ("28P01".equals(e.getSQLState())) {
          return; // invalid_password: the rule is in force
        }
        throw new IllegalStateException("unexpected failure while checking " + name + "'s rule on " + node
            + ": " + e.getSQLState(), e);
      }
      PostgreSQL.sleep(Duration.ofMillis(20));
    }
  }
}
