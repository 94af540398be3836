package dev.strata.vector;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link VectorStatsListener} that counts: searches and their latency, upserted points, chunks and
 * retries, store failures, embedding requests, cache hits, single-flight joins, provider calls and
 * the share of provider work saved, indexer progress. Thread-safe, lock-free; read at any time.
 */
public final class VectorStats implements VectorStatsListener {

  private final LongAdder searches = new LongAdder();
  private final LongAdder searchNanos = new LongAdder();
  private final LongAccumulator searchNanosMax = new LongAccumulator(Math::max, 0);
  private final LongAdder upsertedPoints = new LongAdder();
  private final LongAdder upsertChunks = new LongAdder();
  private final LongAdder upsertRetries = new LongAdder();
  private final LongAdder storeFailures = new LongAdder();
  private final LongAdder embeddingsRequested = new LongAdder();
  private final LongAdder embeddingCacheHits = new LongAdder();
  private final LongAdder embeddingsJoined = new LongAdder();
  private final LongAdder embeddingDuplicatesInBatch = new LongAdder();
  private final LongAdder embeddingsComputed = new LongAdder();
  private final LongAdder providerCalls = new LongAdder();
  private final LongAdder indexed = new LongAdder();
  private final LongAdder deferred = new LongAdder();

  private VectorStats() {}

  /** New counters at zero. */
  public static VectorStats create() {
    return new VectorStats();
  }

  @Override
  public void onSearch(String collections, int hits, long nanos) {
    searches.increment();
    searchNanos.add(nanos);
    searchNanosMax.accumulate(nanos);
  }

  @Override
  public void onUpsert(String collection, int points, int chunks, int retries, long nanos) {
    upsertedPoints.add(points);
    upsertChunks.add(chunks);
    upsertRetries.add(retries);
  }

  @Override
  public void onStoreFailure(String operation, Throwable failure) {
    storeFailures.increment();
  }

  @Override
  public void onEmbeddings(int requested, int cacheHits, int joined, int duplicatesInBatch, int computed, int calls) {
    embeddingsRequested.add(requested);
    embeddingCacheHits.add(cacheHits);
    embeddingsJoined.add(joined);
    embeddingDuplicatesInBatch.add(duplicatesInBatch);
    embeddingsComputed.add(computed);
    providerCalls.add(calls);
  }

  @Override
  public void onIndexed(int indexedJobs, int deferredJobs) {
    indexed.add(indexedJobs);
    deferred.add(deferredJobs);
  }

  /** Searches run. */
  public long searches() {
    return searches.sum();
  }

  /** Mean search latency in microseconds (0 before the first search). */
  public double searchMeanMicros() {
    long n = searches.sum();
    return n == 0 ? 0 : searchNanos.sum() / 1_000.0 / n;
  }

  /** Slowest search in microseconds. */
  public double searchMaxMicros() {
    return searchNanosMax.get() / 1_000.0;
  }

  /** Points upserted. */
  public long upsertedPoints() {
    return upsertedPoints.sum();
  }

  /** Upsert requests sent (chunks). */
  public long upsertChunks() {
    return upsertChunks.sum();
  }

  /** Upsert retries after transient failures. */
  public long upsertRetries() {
    return upsertRetries.sum();
  }

  /** Store operations that failed for good. */
  public long storeFailures() {
    return storeFailures.sum();
  }

  /** Texts asked of the deduplicating provider. */
  public long embeddingsRequested() {
    return embeddingsRequested.sum();
  }

  /** Texts answered from the cache. */
  public long embeddingCacheHits() {
    return embeddingCacheHits.sum();
  }

  /** Texts answered by waiting for another thread's request of the same text. */
  public long embeddingsJoined() {
    return embeddingsJoined.sum();
  }

  /** Texts repeated within one call. */
  public long embeddingDuplicatesInBatch() {
    return embeddingDuplicatesInBatch.sum();
  }

  /** Texts sent to the provider. */
  public long embeddingsComputed() {
    return embeddingsComputed.sum();
  }

  /** Calls made to the provider. */
  public long providerCalls() {
    return providerCalls.sum();
  }

  /** Share of requested texts that the provider did not have to embed (0 before any request). */
  public double embeddingCallsSavedRatio() {
    long requested = embeddingsRequested.sum();
    return requested == 0 ? 0 : 1.0 - (double) embeddingsComputed.sum() / requested;
  }

  /** Outbox jobs indexed. */
  public long indexed() {
    return indexed.sum();
  }

  /** Outbox jobs deferred for a retry. */
  public long deferred() {
    return deferred.sum();
  }

  @Override
  public String toString() {
    return "VectorStats[searches=" + searches() + ", searchMeanMicros=" + String.format("%.1f", searchMeanMicros())
        + ", upsertedPoints=" + upsertedPoints() + ", upsertChunks=" + upsertChunks() + ", upsertRetries=" + upsertRetries()
        + ", storeFailures=" + storeFailures() + ", embeddingsRequested=" + embeddingsRequested() + ", cacheHits="
        + embeddingCacheHits() + ", joined=" + embeddingsJoined() + ", computed=" + embeddingsComputed() + ", providerCalls="
        + providerCalls() + ", indexed=" + indexed() + ", deferred=" + deferred() + "]";
  }
}
