package dev.strata.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A provider for tests: wraps the local one, counts calls and texts, can be slowed down or made to fail. */
class CountingProvider implements EmbeddingProvider {

  final EmbeddingProvider local;
  final String model;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger texts = new AtomicInteger();
  final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
  volatile long delayMillis;
  volatile RuntimeException failWith;

  CountingProvider(String model, int dimension) {
    this.local = EmbeddingProviders.localHashing(dimension);
    this.model = model;
  }

  @Override
  public String modelId() {
    return model;
  }

  @Override
  public int dimension() {
    return local.dimension();
  }

  @Override
  public int maxBatchSize() {
    return 64;
  }

  @Override
  public List<float[]> embed(List<String> batch) {
    calls.incrementAndGet();
    texts.addAndGet(batch.size());
    seen.addAll(batch);
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RuntimeException f = failWith;
    if (f != null) {
      throw f;
    }
    return local.embed(batch);
  }
}
