package dev.strata.vector;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The store contract against a real Qdrant in Docker (Testcontainers). Skipped, with the reason in
 * the report, where no Docker engine answers — as on Strata's build machines.
 */
class QdrantContainerVectorStoreIT extends VectorStoreContract {

  static VectorStore store;

  @BeforeAll
  static void start() {
    store = RealQdrant.storeOrNull();
  }

  @BeforeEach
  void requireDocker() {
    RealQdrant.assumeAvailable(store);
  }

  @Override
  protected VectorStore store() {
    return store;
  }
}
