package dev.strata.testkit.internal;

import dev.strata.testkit.PostgresNode;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Servers the environment names ({@code STRATA_TEST_POSTGRES_URL} and optionally
 * {@code STRATA_TEST_POSTGRES_REPLICA_URL}); the testkit neither starts nor stops them.
 */
public final class ExternalPostgresBackend implements PostgresBackend {

  private final PostgresNode primary;
  private final PostgresNode replica;

  public ExternalPostgresBackend(String primaryUrl, String replicaUrlOrNull) {
    this.primary = parse("STRATA_TEST_POSTGRES_URL", primaryUrl);
    this.replica = replicaUrlOrNull == null || replicaUrlOrNull.isBlank()
        ? null : parse("STRATA_TEST_POSTGRES_REPLICA_URL", replicaUrlOrNull);
  }

  /** Parses a pgjdbc URL ({@code jdbc:postgresql://host:port/db?user=u&password=p}). */
  static PostgresNode parse(String variable, String url) {
    Properties p = Driver.parseURL(url, null);
    if (p == null) {
      throw new IllegalArgumentException(variable + " must be a jdbc:postgresql:// URL, was: " + redact(url));
    }
    String host = p.getProperty("PGHOST", "localhost").split(",")[0];
    int port = Integer.parseInt(p.getProperty("PGPORT", "5432").split(",")[0]);
    String user = p.getProperty("user", "postgres");
    String password = p.getProperty("password", "");
    return new PostgresNode(host, port, user, password);
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)password=[^&]*", "password=***");
  }

  @Override
  public String describe() {
    return "external PostgreSQL " + primary + (replica == null ? "" : ", replica " + replica);
  }

  @Override
  public PostgresNode primary() {
    return primary;
  }

  @Override
  public PostgresNode replica() {
    if (replica == null) {
      throw new IllegalStateException("a replica was requested but STRATA_TEST_POSTGRES_URL is set without "
          + "STRATA_TEST_POSTGRES_REPLICA_URL; set it to a hot standby of that primary, or unset both to "
          + "let the testkit start its own primary and replica");
    }
    return replica;
  }

  @Override
  public boolean hasReplica() {
    return replica != null;
  }

  @Override
  public String faultInjectionUnsupported() {
    return "servers named by STRATA_TEST_POSTGRES_URL are not started or stopped by the testkit";
  }

  @Override
  public void close() {
    // not ours to stop
  }
}
