package dev.strata.metrics;

import dev.strata.vector.VectorStatsListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Meters for strata-vector: pass it as the listener of the store, of the deduplicating embedding
 * provider and of the indexer (one instance for all three).
 *
 * <pre>{@code
 * VectorMetrics metrics = VectorMetrics.create(registry);
 * VectorStore store = VectorStores.qdrant(client, QdrantOptions.defaults(), metrics);
 * EmbeddingProvider embeddings = EmbeddingProviders.deduplicating(provider, EmbeddingCache.inProcess(), metrics);
 * }</pre>
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><td>{@code strata.vector.search}</td><td>timer (tag {@code collection} only when logical names are given)</td></tr>
 *   <tr><td>{@code strata.vector.upsert}</td><td>timer of upsert calls (same {@code collection} rule)</td></tr>
 *   <tr><td>{@code strata.vector.upsert.points}, {@code .chunks}, {@code .retries}</td><td>counters: points written, requests sent, retries after transient failures</td></tr>
 *   <tr><td>{@code strata.vector.store.failures}</td><td>counter; tag {@code operation}: store calls that failed for good</td></tr>
 *   <tr><td>{@code strata.vector.embeddings.requested}</td><td>counter: texts asked of the deduplicating provider</td></tr>
 *   <tr><td>{@code strata.vector.embeddings}</td><td>counter; tag {@code source}: cache, joined (single flight), duplicate (repeated in one call), computed (sent to the provider); the sources add up to requested</td></tr>
 *   <tr><td>{@code strata.vector.embedding.provider.calls}</td><td>counter: calls made to the real provider</td></tr>
 *   <tr><td>{@code strata.vector.embeddings.saved.ratio}</td><td>gauge: 1 - computed / requested since binding (NaN before the first request)</td></tr>
 *   <tr><td>{@code strata.vector.indexer.jobs}</td><td>counter; tag {@code outcome} (indexed, deferred)</td></tr>
 * </table>
 *
 * <p><b>Collections as tags.</b> The store reports physical collection names: with
 * {@code Partitioning.COLLECTION_PER_VENTURE} that is one name per venture ({@code <logical>__<venture>}),
 * and a multi-collection search reports its names joined. Neither is a bounded tag value, so
 * {@link #create(MeterRegistry)} does not tag by collection at all. {@link #create(MeterRegistry, Collection)}
 * tags by the logical name: a physical name equal to one of the given names, or one of them followed by
 * {@code __} and a venture id, is reported as that logical name; a multi-collection search as
 * {@code multiple}; anything else as {@code other}.
 */
public final class VectorMetrics implements VectorStatsListener {

  static final String MULTIPLE = "multiple";
  private static final String VENTURE_SEPARATOR = "__";
  private static final int MAX_OPERATIONS = 16;

  private final MeterRegistry registry;
  private final Set<String> logical;
  private final Map<String, Timer> searches = new ConcurrentHashMap<>();
  private final Map<String, Timer> upserts = new ConcurrentHashMap<>();
  private final Map<String, Counter> failures = new ConcurrentHashMap<>();
  private final BoundedTagValues operations = new BoundedTagValues(MAX_OPERATIONS);
  private final Counter points;
  private final Counter chunks;
  private final Counter retries;
  private final Counter requested;
  private final Counter cacheHits;
  private final Counter joined;
  private final Counter duplicates;
  private final Counter computed;
  private final Counter providerCalls;
  private final Counter indexed;
  private final Counter deferred;

  private VectorMetrics(MeterRegistry registry, Set<String> logical) {
    this.registry = registry;
    this.logical = logical;
    points = Counter.builder("strata.vector.upsert.points").description("points upserted").register(registry);
    chunks = Counter.builder("strata.vector.upsert.chunks").description("upsert requests sent").register(registry);
    retries = Counter.builder("strata.vector.upsert.retries").description("upsert retries after transient failures")
        .register(registry);
    requested = Counter.builder("strata.vector.embeddings.requested").description("texts asked of the deduplicating provider")
        .register(registry);
    cacheHits = embeddings("cache");
    joined = embeddings("joined");
    duplicates = embeddings("duplicate");
    computed = embeddings("computed");
    providerCalls = Counter.builder("strata.vector.embedding.provider.calls").description("calls made to the embedding provider")
        .register(registry);
    Gauge.builder("strata.vector.embeddings.saved.ratio", this, VectorMetrics::savedRatio)
        .description("share of requested texts the provider did not have to embed").register(registry);
    indexed = jobs("indexed");
    deferred = jobs("deferred");
  }

  private Counter embeddings(String source) {
    return Counter.builder("strata.vector.embeddings").description("requested texts, by where their vector came from")
        .tag("source", source).register(registry);
  }

  private Counter jobs(String outcome) {
    return Counter.builder("strata.vector.indexer.jobs").description("outbox index jobs, by outcome")
        .tag("outcome", outcome).register(registry);
  }

  /** A listener recording into {@code registry}, without a collection tag. */
  public static VectorMetrics create(MeterRegistry registry) {
    return new VectorMetrics(Objects.requireNonNull(registry, "registry"), Set.of());
  }

  /**
   * A listener recording into {@code registry} whose search and upsert timers are tagged by logical
   * collection (see the class comment for how physical names are mapped).
   *
   * @param logicalCollections the configured logical collection names, e.g. {@code VentureVectors.collections()}; not empty
   */
  public static VectorMetrics create(MeterRegistry registry, Collection<String> logicalCollections) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(logicalCollections, "logicalCollections");
    if (logicalCollections.isEmpty()) {
      throw new IllegalArgumentException("logicalCollections must name at least one collection (or use create(registry))");
    }
    Set<String> names = new TreeSet<>();
    for (String c : logicalCollections) {
      Objects.requireNonNull(c, "logicalCollections element");
      if (c.isBlank() || c.contains(",")) {
        throw new IllegalArgumentException("logicalCollections elements must be non-blank names without commas, was: '" + c + "'");
      }
      names.add(c);
    }
    return new VectorMetrics(registry, Set.copyOf(names));
  }

  /** The {@code collection} tag value for a reported physical name (or joined names). */
  String collectionTag(String physical) {
    if (physical == null) {
      return BoundedTagValues.OTHER;
    }
    if (physical.indexOf(',') >= 0) {
      return MULTIPLE;
    }
    if (logical.contains(physical)) {
      return physical;
    }
    String best = null;
    int cut = physical.lastIndexOf(VENTURE_SEPARATOR);
    // a logical name may itself contain the separator: take the longest one that is a prefix
    while (cut > 0) {
      String candidate = physical.substring(0, cut);
      if (logical.contains(candidate)) {
        best = candidate;
        break;
      }
      cut = physical.lastIndexOf(VENTURE_SEPARATOR, cut - 1);
    }
    return best != null ? best : BoundedTagValues.OTHER;
  }

  private Timer timer(Map<String, Timer> timers, String name, String description, String collections) {
    if (logical.isEmpty()) {
      return timers.computeIfAbsent("", k -> Timer.builder(name).description(description).register(registry));
    }
    return timers.computeIfAbsent(collectionTag(collections),
        c -> Timer.builder(name).description(description).tag("collection", c).register(registry));
  }

  private double savedRatio() {
    double r = requested.count();
    return r == 0 ? Double.NaN : 1.0 - computed.count() / r;
  }

  @Override
  public void onSearch(String collections, int hits, long nanos) {
    timer(searches, "strata.vector.search", "vector searches", collections).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void onUpsert(String collection, int pointCount, int chunkCount, int retryCount, long nanos) {
    timer(upserts, "strata.vector.upsert", "upsert calls (all chunks and retries)", collection)
        .record(nanos, TimeUnit.NANOSECONDS);
    points.increment(pointCount);
    chunks.increment(chunkCount);
    retries.increment(retryCount);
  }

  @Override
  public void onStoreFailure(String operation, Throwable failure) {
    failures.computeIfAbsent(operations.of(operation), o -> Counter.builder("strata.vector.store.failures")
        .description("store operations that failed for good").tag("operation", o).register(registry)).increment();
  }

  @Override
  public void onEmbeddings(int requestedTexts, int hits, int joinedTexts, int duplicatesInBatch, int computedTexts,
      int calls) {
    requested.increment(requestedTexts);
    cacheHits.increment(hits);
    joined.increment(joinedTexts);
    duplicates.increment(duplicatesInBatch);
    computed.increment(computedTexts);
    providerCalls.increment(calls);
  }

  @Override
  public void onIndexed(int indexedJobs, int deferredJobs) {
    indexed.increment(indexedJobs);
    deferred.increment(deferredJobs);
  }
}
