package dev.strata.vector;

import dev.strata.vector.internal.InMemoryVectorStore;
import dev.strata.vector.internal.QdrantVectorStore;
import io.qdrant.client.QdrantClient;

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

  /**
   * A store over {@code client} with default options. The caller keeps ownership of the client:
   * closing the store does not close it.
   */
  public static VectorStore qdrant(QdrantClient client) {
    return qdrant(client, QdrantOptions.defaults(), VectorStatsListener.NONE);
  }

  /** A store over {@code client} (not closed with the store) with these options, reporting to {@code listener}. */
  public static VectorStore qdrant(QdrantClient client, QdrantOptions options, VectorStatsListener listener) {
    return new QdrantVectorStore(client, options, listener, false);
  }
}
