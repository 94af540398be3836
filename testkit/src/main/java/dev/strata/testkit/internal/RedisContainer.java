package dev.strata.testkit.internal;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@code redis:7} container, used for the standalone server only when a Docker engine answers.
 * Strata's build machines have no Docker engine, so this path runs only where one exists.
 */
public final class RedisContainer implements AutoCloseable {

  private final GenericContainer<?> container;

  public RedisContainer() {
    container = new GenericContainer<>(DockerImageName.parse("redis:7"))
        .withExposedPorts(6379)
        .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1));
    container.start();
  }

  public String host() {
    return container.getHost();
  }

  public int port() {
    return container.getMappedPort(6379);
  }

  @Override
  public void close() {
    container.stop();
  }
}
