package dev.strata.vector;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Venture isolation against a real Qdrant in Docker; skipped, with the reason, where no Docker engine answers. */
class VentureVectorsContainerIT extends VentureVectorsContract {

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
