package dev.strata.vector.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.strata.vector.EmbeddingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Strata's {@link EmbeddingProvider} over a LangChain4j {@link EmbeddingModel}, so any model
 * LangChain4j reaches (OpenAI, Ollama, in-process ONNX, ...) plugs into
 * {@link dev.strata.vector.EmbeddingProviders#deduplicating Strata's dedup} and indexing.
 *
 * <p>The dedup cache keys every vector by (model id, dimension, normalized text), so the model id
 * must name the model and its version: two different models under one id would be served each
 * other's vectors. {@link #of(EmbeddingModel)} derives it from LangChain4j's provider and
 * {@code modelName()} and refuses models that do not report a name (LangChain4j's default is
 * {@code "unknown"}, which every in-process model returns); {@link #of(EmbeddingModel, String)}
 * takes it from the caller. The dimension is asked of the model once, when the adapter is made
 * (for a remote model whose dimension is not known up front, that is one embedding request).
 *
 * <p>Thread-safe when the model is (LangChain4j's are).
 */
public final class LangChain4jEmbeddingProvider implements EmbeddingProvider {

  /** Texts per model call unless {@link #withMaxBatchSize} says otherwise. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 256;

  private final EmbeddingModel model;
  private final String modelId;
  private final int dimension;
  private final int maxBatchSize;

  private LangChain4jEmbeddingProvider(EmbeddingModel model, String modelId, int dimension, int maxBatchSize) {
    this.model = model;
    this.modelId = modelId;
    this.dimension = dimension;
    this.maxBatchSize = maxBatchSize;
  }

  /**
   * The adapter of {@code model} under {@code modelId}, which names the model and its version
   * (e.g. {@code "openai/text-embedding-3-small"}, {@code "onnx/all-minilm-l6-v2"}).
   *
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code modelId} is blank or the model reports a dimension below 1
   */
  public static LangChain4jEmbeddingProvider of(EmbeddingModel model, String modelId) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelId, "modelId");
    if (modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank, was: '" + modelId + "'");
    }
    int dimension = model.dimension();
    if (dimension < 1) {
      throw new IllegalArgumentException("model.dimension() must be >= 1, was: " + dimension + " (model " + modelId + ")");
    }
    return new LangChain4jEmbeddingProvider(model, modelId, dimension, DEFAULT_MAX_BATCH_SIZE);
  }

  /**
   * The adapter of {@code model} under the id {@code "langchain4j/<provider>/<modelName()>"}.
   *
   * @throws IllegalArgumentException when the model reports no name ({@code null}, blank or
   *     LangChain4j's default {@code "unknown"}): use {@link #of(EmbeddingModel, String)}
   */
  public static LangChain4jEmbeddingProvider of(EmbeddingModel model) {
    Objects.requireNonNull(model, "model");
    String name = model.modelName();
    if (name == null || name.isBlank() || "unknown".equals(name)) {
      throw new IllegalArgumentException("model.modelName() must name the model, was: " + (name == null ? "null" : "'" + name + "'")
          + " (" + model.getClass().getName() + "); pass a modelId naming the model and its version to of(model, modelId)");
    }
    return of(model, "langchain4j/" + model.provider() + "/" + name);
  }

  /**
   * This adapter sending at most {@code maxBatchSize} texts per model call (the dedup decorator
   * batches its misses by it; longer lists given to {@link #embed(List)} are split).
   *
   * @throws IllegalArgumentException when {@code maxBatchSize < 1}
   */
  public LangChain4jEmbeddingProvider withMaxBatchSize(int maxBatchSize) {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be >= 1, was: " + maxBatchSize);
    }
    return new LangChain4jEmbeddingProvider(model, modelId, dimension, maxBatchSize);
  }

  /** The LangChain4j model behind this adapter. */
  public EmbeddingModel model() {
    return model;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /**
   * The model's vectors of {@code texts}, in order, sent as-is (the dedup decorator normalizes
   * before it calls this).
   *
   * @throws NullPointerException when {@code texts} or one of them is null
   * @throws IllegalArgumentException when a text is blank (before the model is called)
   * @throws IllegalStateException when the model answers with another count or dimension
   */
  @Override
  public List<float[]> embed(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String t = Objects.requireNonNull(texts.get(i), "texts[" + i + "]");
      if (t.isBlank()) {
        throw new IllegalArgumentException("texts[" + i + "] must not be empty or blank");
      }
      segments.add(TextSegment.from(t));
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < segments.size(); from += maxBatchSize) {
      List<TextSegment> batch = segments.subList(from, Math.min(segments.size(), from + maxBatchSize));
      Response<List<Embedding>> response = model.embedAll(batch);
      List<Embedding> embeddings = response == null ? null : response.content();
      if (embeddings == null || embeddings.size() != batch.size()) {
        throw new IllegalStateException("model " + modelId + " returned " + (embeddings == null ? "no" : embeddings.size())
            + " embeddings for " + batch.size() + " texts");
      }
      for (Embedding e : embeddings) {
        float[] v = e.vector();
        if (v.length != dimension) {
          throw new IllegalStateException("model " + modelId + " returned a vector of dimension " + v.length + ", expected " + dimension);
        }
        out.add(v);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "LangChain4jEmbeddingProvider[" + modelId + ", " + dimension + " dims]";
  }
}
