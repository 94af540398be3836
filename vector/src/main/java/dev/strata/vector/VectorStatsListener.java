package dev.strata.vector;

/**
 * Receives what strata-vector does, for the metrics module or a host's own monitoring: search
 * latency, upserts, retries, embedding cache hits and provider calls saved, indexer progress. Every
 * method has an empty default, so a listener implements only what it needs.
 *
 * <p>Methods are called on the thread that did the work and must return quickly and not throw
 * (exceptions are logged and ignored). {@link VectorStats} is a ready-made counting listener.
 */
public interface VectorStatsListener {

  /** A listener that ignores everything. */
  VectorStatsListener NONE = new VectorStatsListener() {};

  /** A listener that forwards every event to each of {@code listeners}, in order. */
  static VectorStatsListener all(VectorStatsListener... listeners) {
    java.util.List<VectorStatsListener> list = java.util.List.of(listeners);
    return new VectorStatsListener() {
      @Override
      public void onSearch(String collections, int hits, long nanos) {
        list.forEach(l -> dev.strata.vector.internal.Listeners.notify(l, x -> x.onSearch(collections, hits, nanos)));
      }

      @Override
      public void onUpsert(String collection, int points, int chunks, int retries, long nanos) {
        list.forEach(l -> dev.strata.vector.internal.Listeners.notify(l, x -> x.onUpsert(collection, points, chunks, retries, nanos)));
      }

      @Override
      public void onStoreFailure(String operation, Throwable failure) {
        list.forEach(l -> dev.strata.vector.internal.Listeners.notify(l, x -> x.onStoreFailure(operation, failure)));
      }

      @Override
      public void onEmbeddings(int requested, int cacheHits, int joined, int duplicatesInBatch, int computed, int providerCalls) {
        list.forEach(l -> dev.strata.vector.internal.Listeners.notify(l,
            x -> x.onEmbeddings(requested, cacheHits, joined, duplicatesInBatch, computed, providerCalls)));
      }

      @Override
      public void onIndexed(int indexed, int deferred) {
        list.forEach(l -> dev.strata.vector.internal.Listeners.notify(l, x -> x.onIndexed(indexed, deferred)));
      }
    };
  }

  /** A search over {@code collections} (comma-separated when several) returned {@code hits} in {@code nanos}. */
  default void onSearch(String collections, int hits, long nanos) {}

  /** {@code points} were upserted into {@code collection} in {@code chunks} requests, after {@code retries} retries. */
  default void onUpsert(String collection, int points, int chunks, int retries, long nanos) {}

  /** A store operation failed for good (after retries, if it was retried). */
  default void onStoreFailure(String operation, Throwable failure) {}

  /**
   * The deduplicating provider answered {@code requested} texts: {@code cacheHits} from the cache,
   * {@code joined} by waiting for a concurrent request of the same text, {@code duplicatesInBatch}
   * repeated within the same call, and {@code computed} texts sent to the provider in
   * {@code providerCalls} calls.
   */
  default void onEmbeddings(int requested, int cacheHits, int joined, int duplicatesInBatch, int computed, int providerCalls) {}

  /** The indexer completed {@code indexed} outbox jobs and deferred {@code deferred} for a retry. */
  default void onIndexed(int indexed, int deferred) {}
}
