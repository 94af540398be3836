package dev.strata.vector;

import dev.strata.vector.internal.InMemoryVectorStore;

/**
 * Creates {@link VectorStore}s: Qdrant over its official gRPC client, or the exact in-memory store
 * for development and tests.
 */
public final class VectorStores {

  private VectorStores() {}

  /** An exact in-memory store (every search scores every point). */
  public static VectorStore inMemory() {
    return inMemory(VectorStatsListener.NONE);
  }

  /** An exact in-memory store reporting to {@code listener}. */
  public static VectorStore inMemory(VectorStatsListener listener) {
    return new InMemoryVectorStore(listener);
  }
}
