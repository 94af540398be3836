package dev.strata.vector;

import dev.strata.vector.internal.DeduplicatingEmbeddingProvider;
import dev.strata.vector.internal.FeatureHashingEmbeddingProvider;

/** Creates {@link EmbeddingProvider}s: the local feature-hashing provider and the deduplicating decorator. */
public final class EmbeddingProviders {

  private EmbeddingProviders() {}

  /**
   * A deterministic local provider (feature hashing of words and word pairs, L2-normalized), model
   * id {@code strata/feature-hashing-v1}: runs offline, the same on every machine. For demos and
   * tests.
   *
   * @param dimension 8..4096
   */
  public static EmbeddingProvider localHashing(int dimension) {
    return new FeatureHashingEmbeddingProvider(dimension);
  }

  /**
   * {@code provider} behind a cache and single flight: a text (after normalization: NFC, trimmed,
   * whitespace runs collapsed) is sent to the provider only when no cached vector exists under
   * SHA-256(model id, dimension, normalized text) and no other thread is already embedding it;
   * repeats within one call are sent once; misses go to the provider in batches of its
   * {@link EmbeddingProvider#maxBatchSize()}. Empty or blank texts are rejected before anything is
   * looked up.
   */
  public static EmbeddingProvider deduplicating(EmbeddingProvider provider, EmbeddingCache cache) {
    return deduplicating(provider, cache, VectorStatsListener.NONE);
  }

  /** As {@link #deduplicating(EmbeddingProvider, EmbeddingCache)}, reporting hits and calls to {@code listener}. */
  public static EmbeddingProvider deduplicating(EmbeddingProvider provider, EmbeddingCache cache, VectorStatsListener listener) {
    return new DeduplicatingEmbeddingProvider(provider, cache, listener);
  }
}
