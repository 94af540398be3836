package dev.strata.vector;

import dev.strata.testkit.QdrantExtension;
import dev.strata.testkit.QdrantServer;
import io.qdrant.client.QdrantClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against the Qdrant adapter, over gRPC to testkit's Qdrant emulator. */
class QdrantEmulatorVectorStoreIT extends VectorStoreContract {

  @RegisterExtension
  static final QdrantExtension QDRANT = QdrantExtension.emulator(); // counts the requests it receives

  static QdrantServer server;
  static VectorStore store;

  @BeforeAll
  static void start(QdrantServer emulator, QdrantClient client) {
    server = emulator;
    store = VectorStores.qdrant(client, QdrantOptions.builder().chunkSize(100).build(), VectorStatsListener.NONE);
  }

  @AfterAll
  static void stop() {
    store.close();
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
