package dev.strata.vector;

/**
 * The store contract against a real Qdrant in Docker (Testcontainers). Skipped, with the reason in
 * the report, where no Docker engine answers — as on Strata's build machines.
 */
class QdrantContainerVectorStoreIT extends VectorStoreContract {

  @Override
  protected VectorStore store() {
    return RealQdrant.storeOrSkip();
  }
}
