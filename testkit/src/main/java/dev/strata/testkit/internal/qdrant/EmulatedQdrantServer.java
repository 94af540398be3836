package dev.strata.testkit.internal.qdrant;

import dev.strata.testkit.QdrantServer;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;

/** {@link QdrantServer} over the in-JVM {@link QdrantEmulator}. */
public final class EmulatedQdrantServer implements QdrantServer {

  private final QdrantEmulator emulator;
  private final String apiKey;

  public EmulatedQdrantServer() {
    this(null);
  }

  /** An emulator that requires {@code apiKey} in every call's {@code api-key} header (null: none). */
  public EmulatedQdrantServer(String apiKey) {
    this.apiKey = apiKey;
    this.emulator = new QdrantEmulator(apiKey);
    emulator.start();
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int grpcPort() {
    return emulator.port();
  }

  @Override
  public boolean isReal() {
    return false;
  }

  @Override
  public QdrantClient newClient() {
    QdrantGrpcClient.Builder b = QdrantGrpcClient.newBuilder(host(), grpcPort(), false, false);
    return new QdrantClient((apiKey == null ? b : b.withApiKey(apiKey)).build());
  }

  @Override
  public boolean supportsFaultInjection() {
    return true;
  }

  @Override
  public void stop() {
    emulator.stop();
  }

  @Override
  public void start() {
    emulator.start();
  }

  @Override
  public void failNext(String method, int count, Status.Code code) {
    emulator.failNext(method, count, code);
  }

  @Override
  public long requestCount() {
    return emulator.requestCount();
  }

  @Override
  public void close() {
    emulator.close();
  }

  @Override
  public String toString() {
    return "testkit Qdrant emulator on 127.0.0.1:" + grpcPort() + (apiKey == null ? "" : " (api-key required)");
  }
}
