package dev.strata.testkit.internal.qdrant;

import dev.strata.testkit.QdrantServer;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import java.net.URI;
import java.util.Optional;

/**
 * A real Qdrant the testkit neither starts nor stops, named by {@value #ENV}: {@code
 * http://host:6334} (or {@code https://} for TLS; the port is Qdrant's gRPC port, 6334 when
 * omitted). Tests must use collection names of their own: the server is shared.
 */
public final class ExternalQdrantServer implements QdrantServer {

  /** The environment variable naming the server. */
  public static final String ENV = "STRATA_TEST_QDRANT_URL";

  private final String host;
  private final int port;
  private final boolean tls;

  ExternalQdrantServer(String url) {
    URI uri;
    try {
      uri = URI.create(url.contains("://") ? url : "http://" + url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV + " must be a URL like http://host:6334, was: " + url, e);
    }
    if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException(ENV + " must be a URL like http://host:6334, was: " + url);
    }
    this.host = uri.getHost();
    this.port = uri.getPort() < 0 ? 6334 : uri.getPort();
    this.tls = "https".equals(uri.getScheme());
  }

  /** The server {@value #ENV} names, if it is set and not blank. */
  public static Optional<QdrantServer> fromEnvironment() {
    String url = System.getenv(ENV);
    return url == null || url.isBlank() ? Optional.empty() : Optional.of(new ExternalQdrantServer(url.trim()));
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int grpcPort() {
    return port;
  }

  @Override
  public boolean isReal() {
    return true;
  }

  @Override
  public QdrantClient newClient() {
    return new QdrantClient(QdrantGrpcClient.newBuilder(host, port, tls, false).build());
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

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("fault injection needs the testkit emulator; " + ENV + " names a real Qdrant");
  }

  @Override
  public long requestCount() {
    return -1;
  }

  /** Nothing to stop: the testkit did not start this server. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "Qdrant at " + host + ":" + port + " (" + ENV + ")";
  }
}
