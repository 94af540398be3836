package dev.strata.vector.internal;

import dev.strata.vector.EmbeddingCache;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.VectorStatsListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks the provider only for texts it has not seen: each text is keyed by SHA-256 of (model id,
 * dimension, normalized text) — the model is part of the key so a model change never serves stale
 * vectors — and looked up in the cache; repeats within a call are embedded once; a text already
 * being embedded for another thread is waited for instead of requested again (single flight); the
 * rest go to the provider in batches.
 */
public final class DeduplicatingEmbeddingProvider implements EmbeddingProvider {

  private final EmbeddingProvider delegate;
  private final EmbeddingCache cache;
  private final VectorStatsListener listener;
  private final Map<String, CompletableFuture<float[]>> inFlight = new ConcurrentHashMap<>();

  public DeduplicatingEmbeddingProvider(EmbeddingProvider delegate, EmbeddingCache cache, VectorStatsListener listener) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (delegate.dimension() < 1) {
      throw new IllegalArgumentException("delegate.dimension() must be >= 1, was: " + delegate.dimension());
    }
    Checks.text(delegate.modelId(), "delegate.modelId()");
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
  public int maxBatchSize() {
    return Integer.MAX_VALUE;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    // every text is checked before anything is looked up or sent
    List<String> keys = new ArrayList<>(texts.size());
    Map<String, String> normalizedByKey = new LinkedHashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      String t = Checks.wellFormed(texts.get(i), "texts[" + i + "]");
      String normalized = TextNormalizer.normalize(t);
      if (normalized.isEmpty()) {
        throw new IllegalArgumentException("texts[" + i + "] must not be empty or blank");
      }
      String key = Hashing.sha256Hex("strata-embedding", delegate.modelId(), Integer.toString(delegate.dimension()), normalized);
      keys.add(key);
      normalizedByKey.putIfAbsent(key, normalized);
    }
    Map<String, float[]> found = new LinkedHashMap<>();
    Map<String, CompletableFuture<float[]>> joined = new LinkedHashMap<>();
    Map<String, CompletableFuture<float[]>> owned = new LinkedHashMap<>();
    int hits = 0;
    for (String key : normalizedByKey.keySet()) {
      float[] v = cache.get(key);
      if (v != null) {
        found.put(key, v);
        hits++;
        continue;
      }
      CompletableFuture<float[]> mine = new CompletableFuture<>();
      CompletableFuture<float[]> other = inFlight.putIfAbsent(key, mine);
      if (other != null) {
        joined.put(key, other);
        continue;
      }
      v = cache.get(key); // another thread may have finished between our miss and our claim
      if (v != null) {
        inFlight.remove(key, mine);
        mine.complete(v);
        found.put(key, v);
        hits++;
      } else {
        owned.put(key, mine);
      }
    }
    int calls = owned.isEmpty() ? 0 : computeOwned(owned, normalizedByKey, found);
    for (Map.Entry<String, CompletableFuture<float[]>> e : joined.entrySet()) {
      try {
        found.put(e.getKey(), e.getValue().join());
      } catch (CompletionException ex) {
        throw ex.getCause() instanceof RuntimeException r ? r : ex;
      }
    }
    int requested = texts.size();
    int hitCount = hits;
    int joinedCount = joined.size();
    int duplicates = texts.size() - normalizedByKey.size();
    int computed = owned.size();
    Listeners.notify(listener, l -> l.onEmbeddings(requested, hitCount, joinedCount, duplicates, computed, calls));
    List<float[]> out = new ArrayList<>(keys.size());
    for (String key : keys) {
      out.add(found.get(key).clone());
    }
    return out;
  }

  /** Embeds the owned texts in provider-sized batches; returns the number of provider calls. */
  private int computeOwned(Map<String, CompletableFuture<float[]>> owned, Map<String, String> normalizedByKey,
      Map<String, float[]> found) {
    List<String> pending = new ArrayList<>(owned.keySet());
    int batch = Math.max(1, delegate.maxBatchSize());
    int calls = 0;
    try {
      for (int from = 0; from < pending.size(); from += batch) {
        List<String> keys = pending.subList(from, Math.min(pending.size(), from + batch));
        List<String> texts = keys.stream().map(normalizedByKey::get).toList();
        List<float[]> vectors = delegate.embed(texts);
        calls++;
        if (vectors == null || vectors.size() != texts.size()) {
          throw new IllegalStateException("provider " + delegate.modelId() + " returned " + (vectors == null ? "null" : vectors.size())
              + " vectors for " + texts.size() + " texts");
        }
        for (int i = 0; i < keys.size(); i++) {
          float[] v = Checks.vector(Objects.requireNonNull(vectors.get(i), "provider vector"), delegate.dimension(),
              "provider " + delegate.modelId() + " vector").clone();
          cache.put(keys.get(i), v);
          found.put(keys.get(i), v);
          CompletableFuture<float[]> f = owned.get(keys.get(i));
          inFlight.remove(keys.get(i), f);
          f.complete(v);
        }
      }
    } catch (RuntimeException e) {
      for (Map.Entry<String, CompletableFuture<float[]>> o : owned.entrySet()) {
        if (!o.getValue().isDone()) {
          inFlight.remove(o.getKey(), o.getValue());
          o.getValue().completeExceptionally(e);
        }
      }
      throw e;
    }
    return calls;
  }
}
