package dev.strata.vector;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.Qdrant;
import io.qdrant.client.QdrantClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;

/**
 * The store contract against a real Qdrant in Docker (Testcontainers). Skipped, with the reason in
 * the report, where no Docker engine answers — as on Strata's build machines.
 */
class QdrantContainerVectorStoreIT extends VectorStoreContract {

  static QdrantClient client;
  static VectorStore store;

  static final String SKIPPED = "no Docker engine answers: the contract against a real Qdrant is skipped "
      + "(QdrantEmulatorVectorStoreIT runs it against the testkit emulator)";

  @BeforeAll
  static void start() {
    if (!Qdrant.dockerAvailable()) {
      LoggerFactory.getLogger(QdrantContainerVectorStoreIT.class).warn(SKIPPED);
      return;
    }
    client = Qdrant.container().newClient();
    store = VectorStores.qdrant(client, QdrantOptions.builder().chunkSize(100).build(), VectorStatsListener.NONE);
  }

  @BeforeEach
  void requireDocker() {
    assumeTrue(store != null, SKIPPED);
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
      client.close();
    }
  }

  @Override
  protected VectorStore store() {
    return store;
  }
}
