package dev.strata.vector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against the Qdrant adapter, over gRPC to testkit's Qdrant emulator. */
class QdrantEmulatorVectorStoreIT extends VectorStoreContract {

  static EmulatedQdrant qdrant;

  @BeforeAll
  static void start() {
    qdrant = EmulatedQdrant.start(QdrantOptions.builder().chunkSize(100).build(), VectorStatsListener.NONE);
  }

  @AfterAll
  static void stop() {
    qdrant.close();
  }

  @Override
  protected VectorStore store() {
    return qdrant.store;
  }

  @Override
  protected long requestsSeen() {
    return qdrant.server.requestCount();
  }
}
