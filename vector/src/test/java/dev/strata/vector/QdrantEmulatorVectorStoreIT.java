package dev.strata.vector;

import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import io.qdrant.client.QdrantClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against the Qdrant adapter, over gRPC to testkit's Qdrant emulator. */
class QdrantEmulatorVectorStoreIT extends VectorStoreContract {

  static QdrantServer server;
  static QdrantClient client;
  static VectorStore store;

  @BeforeAll
  static void start() {
    server = Qdrant.startEmulator();
    client = server.newClient();
    store = VectorStores.qdrant(client, QdrantOptions.builder().chunkSize(100).build(), VectorStatsListener.NONE);
  }

  @AfterAll
  static void stop() {
    store.close();
    client.close();
    server.close();
  }

  @Override
  protected VectorStore store() {
    return store;
  }

  @Override
  protected long requestsSeen() {
    return server.requestCount();
  }
}
