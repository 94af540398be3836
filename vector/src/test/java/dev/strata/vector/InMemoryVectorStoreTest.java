package dev.strata.vector;

/** The store contract against the exact in-memory store. */
class InMemoryVectorStoreTest extends VectorStoreContract {

  private final VectorStore store = VectorStores.inMemory();

  @Override
  protected VectorStore store() {
    return store;
  }
}
