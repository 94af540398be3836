package dev.strata.testkit;

import io.grpc.Status;
import io.qdrant.client.QdrantClient;

/**
 * A Qdrant for tests, spoken to over gRPC: testkit's in-JVM emulator ({@link Qdrant#startEmulator()})
 * or a real Qdrant in Docker ({@link Qdrant#container()}).
 */
public interface QdrantServer extends AutoCloseable {

  /** Host of the gRPC endpoint. */
  String host();

  /** Port of the gRPC endpoint. */
  int grpcPort();

  /** Whether this is a real Qdrant (not the emulator). */
  boolean isReal();

  /**
   * A new client over its own plaintext channel (closed with the client), without the client's
   * version check.
   */
  QdrantClient newClient();

  /** Whether {@link #stop()}, {@link #start()} and {@link #failNext} are available (emulator only). */
  boolean supportsFaultInjection();

  /** Stops serving; clients see UNAVAILABLE. Data is kept. */
  void stop();

  /** Serves again on the same port, with the data it had. */
  void start();

  /** The next {@code count} calls of the gRPC method {@code method} (e.g. {@code "Upsert"}) fail with {@code code}. */
  void failNext(String method, int count, Status.Code code);

  /** Calls received so far, or -1 when the server cannot tell (a real Qdrant). */
  long requestCount();

  /** Stops the server for good (the shared container is stopped by a shutdown hook instead). */
  @Override
  void close();
}
