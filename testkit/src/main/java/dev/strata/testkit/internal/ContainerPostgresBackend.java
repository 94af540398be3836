package dev.strata.testkit.internal;

import dev.strata.testkit.PostgresNode;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL in Docker through Testcontainers: a primary with {@code wal_level=replica}, and a
 * replica container on the same network that clones it with {@code pg_basebackup -R} (which writes
 * {@code standby.signal} and {@code primary_conninfo}) and then starts as a hot standby.
 *
 * <p>Only used when a Docker engine answers. Strata's own build machines have none, so this path
 * is exercised only where Docker exists; the embedded backend is the one CI runs. Stopping and
 * starting containers changes their mapped ports, so fault injection is not offered here.
 */
public final class ContainerPostgresBackend implements PostgresBackend {

  private static final DockerImageName IMAGE = DockerImageName.parse("postgres:17");
  private static final String PASSWORD = "strata";

  private final Network network = Network.newNetwork();
  private final GenericContainer<?> primary;
  private GenericContainer<?> replica;

  public ContainerPostgresBackend() {
    primary = new GenericContainer<>(IMAGE)
        .withNetwork(network)
        .withNetworkAliases("pg-primary")
        .withEnv("POSTGRES_PASSWORD", PASSWORD)
        .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
        .withCommand("postgres", "-c", "wal_level=replica", "-c", "max_wal_senders=10", "-c", "hot_standby=on",
            "-c", "wal_keep_size=512MB", "-c", "fsync=off", "-c", "max_connections=300",
            "-c", "max_standby_streaming_delay=-1")
        .withExposedPorts(5432)
        .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2)
            .withStartupTimeout(Duration.ofMinutes(2)));
    primary.start();
  }

  @Override
  public String describe() {
    return "PostgreSQL 17 in Docker (Testcontainers)";
  }

  @Override
  public PostgresNode primary() {
    return new PostgresNode(primary.getHost(), primary.getMappedPort(5432), "postgres", PASSWORD);
  }

  @Override
  public synchronized PostgresNode replica() {
    if (replica == null) {
      GenericContainer<?> r = new GenericContainer<>(IMAGE)
          .withNetwork(network)
          .withEnv("PGPASSWORD", PASSWORD)
          .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("bash"))
          .withCommand("-c", "set -e; rm -rf /tmp/data; "
              + "until pg_basebackup -h pg-primary -U postgres -D /tmp/data -R -X stream; do sleep 1; done; "
              + "chown -R postgres:postgres /tmp/data; chmod 700 /tmp/data; "
              + "exec gosu postgres postgres -D /tmp/data -c hot_standby=on -c max_connections=300 "
              + "-c max_standby_streaming_delay=-1")
          .withExposedPorts(5432)
          .waitingFor(Wait.forLogMessage(".*database system is ready to accept read.only connections.*", 1)
              .withStartupTimeout(Duration.ofMinutes(2)));
      r.start();
      replica = r;
    }
    return new PostgresNode(replica.getHost(), replica.getMappedPort(5432), "postgres", PASSWORD);
  }

  @Override
  public synchronized boolean hasReplica() {
    return replica != null;
  }

  @Override
  public String faultInjectionUnsupported() {
    return "fault injection needs the embedded backend (a restarted container gets new ports); run with STRATA_TESTKIT_DOCKER=false";
  }

  @Override
  public synchronized void close() {
    if (replica != null) {
      replica.stop();
    }
    primary.stop();
    network.close();
  }
}
