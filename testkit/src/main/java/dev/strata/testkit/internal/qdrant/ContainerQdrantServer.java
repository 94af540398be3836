package dev.strata.testkit.internal.qdrant;

import dev.strata.testkit.QdrantServer;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Qdrant in Docker (Testcontainers), used only where a Docker engine answers. The image is
 * {@value #DEFAULT_IMAGE} unless {@code STRATA_TEST_QDRANT_IMAGE} names another; it runs as a
 * one-peer cluster ({@code QDRANT__CLUSTER__ENABLED=true}) so custom shard keys work. Strata's build
 * machines have no Docker engine, so this path has not run there.
 */
public final class ContainerQdrantServer implements QdrantServer {

  /** The image used by default: the server line matching the client's version. */
  public static final String DEFAULT_IMAGE = "qdrant/qdrant:v1.18.0";

  private final GenericContainer<?> container;

  public ContainerQdrantServer() {
    String image = System.getenv().getOrDefault("STRATA_TEST_QDRANT_IMAGE", DEFAULT_IMAGE);
    container = new GenericContainer<>(DockerImageName.parse(image))
        .withExposedPorts(6333, 6334)
        // custom shard keys need distributed mode; a one-peer cluster is enough
        .withEnv("QDRANT__CLUSTER__ENABLED", "true")
        .waitingFor(Wait.forHttp("/readyz").forPort(6333));
    container.start();
  }

  @Override
  public String host() {
    return container.getHost();
  }

  @Override
  public int grpcPort() {
    return container.getMappedPort(6334);
  }

  @Override
  public boolean isReal() {
    return true;
  }

  @Override
  public QdrantClient newClient() {
    return new QdrantClient(QdrantGrpcClient.newBuilder(host(), grpcPort(), false, false).build());
  }

  @Override
  public boolean supportsFaultInjection() {
    return false;
  }

  @Override
  public void stop() {
    throw unsupported();
  }

  @Override
  public void start() {
    throw unsupported();
  }

  @Override
  public void failNext(String method, int count, Status.Code code) {
    throw unsupported();
  }

  private UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("fault injection needs the testkit emulator; this is a real Qdrant in Docker");
  }

  @Override
  public long requestCount() {
    return -1;
  }

  @Override
  public void close() {
    container.stop();
  }

  @Override
  public String toString() {
    return "Qdrant container " + container.getDockerImageName() + " at " + host() + ":" + grpcPort();
  }
}
