package dev.strata.vector;

import java.util.List;

/**
 * Turns texts into vectors; hosts implement it over their model API (OpenAI and the like). Strata
 * ships a deterministic local provider ({@link EmbeddingProviders#localHashing}) and a deduplicating
 * decorator ({@link EmbeddingProviders#deduplicating}).
 *
 * <p>{@link #modelId()} and {@link #dimension()} identify the vectors: two providers with the same
 * model id and dimension must return the same vector for the same text, since the decorator caches
 * by them.
 */
public interface EmbeddingProvider {

  /** The model's identity, including its version (e.g. {@code "openai/text-embedding-3-small"}). */
  String modelId();

  /** The length of every vector returned. */
  int dimension();

  /** The largest number of texts one {@link #embed(List)} call accepts (default 256). */
  default int maxBatchSize() {
    return 256;
  }

  /**
   * The vectors of {@code texts}, in the same order, in one call to the model.
   *
   * @throws RuntimeException when the model fails
   */
  List<float[]> embed(List<String> texts);

  /** The vector of one text. */
  default float[] embed(String text) {
    return embed(List.of(text)).get(0);
  }
}
