package dev.strata.examples.bench.workload;

import dev.strata.vector.EmbeddingProvider;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** An embedding provider that counts the texts it is asked to embed: what a paid embedding API bills. */
final class CountingEmbeddings implements EmbeddingProvider {

  private final EmbeddingProvider delegate;
  private final LongAdder texts = new LongAdder();

  CountingEmbeddings(EmbeddingProvider delegate) {
    this.delegate = delegate;
  }

  @Override
  public String modelId() {
    return delegate.modelId();
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public List<float[]> embed(List<String> batch) {
    texts.add(batch.size());
    return delegate.embed(batch);
  }

  long texts() {
    return texts.sum();
  }

  void reset() {
    texts.reset();
  }
}
