package dev.strata.vector;

import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import io.qdrant.client.QdrantClient;

/** A testkit Qdrant emulator, a client and the Strata store over it, closed together. */
final class EmulatedQdrant implements AutoCloseable {

  final QdrantServer server;
  final QdrantClient client;
  final VectorStore store;

  private EmulatedQdrant(QdrantOptions options, VectorStatsListener listener) {
    this.server = Qdrant.startEmulator();
    this.client = server.newClient();
    this.store = VectorStores.qdrant(client, options, listener);
  }

  static EmulatedQdrant start() {
    return start(QdrantOptions.defaults(), VectorStatsListener.NONE);
  }

  static EmulatedQdrant start(QdrantOptions options, VectorStatsListener listener) {
    return new EmulatedQdrant(options, listener);
  }

  @Override
  public void close() {
    store.close();
    client.close();
    server.close();
  }
}
