package dev.strata.testkit;

import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where one PostgreSQL server listens and how to log in to it.
 *
 * @param host     host name or address
 * @param port     TCP port
 * @param user     a superuser (tests create databases and control replay)
 * @param password its password; empty when the server trusts loopback connections
 */
public record PostgresNode(String host, int port, String user, String password) {

  /** Validates the components. */
  public PostgresNode {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 1..65535, was: " + port);
    }
  }

  /** A JDBC URL for {@code database} on this server, with the user (but never the password) in it. */
  public String jdbcUrl(String database) {
    Objects.requireNonNull(database, "database");
    return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + user;
  }

  /** A plain, non-pooled data source for {@code database} on this server. */
  public DataSource dataSource(String database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {host});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName(Objects.requireNonNull(database, "database"));
    ds.setUser(user);
    if (!password.isEmpty()) {
      ds.setPassword(password);
    }
    ds.setConnectTimeout(5);
    return ds;
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "PostgresNode[" + host + ":" + port + ", user=" + user + "]";
  }
}
