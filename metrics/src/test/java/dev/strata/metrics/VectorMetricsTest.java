package dev.strata.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.vector.EmbeddingCache;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.EmbeddingProviders;
import dev.strata.vector.Partitioning;
import dev.strata.vector.SearchRequest;
import dev.strata.vector.VectorEntry;
import dev.strata.vector.VectorStatsListener;
import dev.strata.vector.VectorStats;
import dev.strata.vector.VectorStore;
import dev.strata.vector.VectorStores;
import dev.strata.vector.VentureVectors;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** VectorMetrics over the in-memory store, the local hashing provider and the deduplicating decorator. */
class VectorMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private long timerCount(String name, String... tags) {
    return registry.get(name).tags(tags).timer().count();
  }

  @Test
  void embeddings_knownSequence_countsSourcesCallsAndSavedRatio() {
    VectorMetrics metrics = VectorMetrics.create(registry);
    VectorStats stats = VectorStats.create();
    EmbeddingProvider dedup = EmbeddingProviders.deduplicating(EmbeddingProviders.localHashing(32),
        EmbeddingCache.inProcess(), VectorStatsListener.all(metrics, stats));
    assertTrue(Double.isNaN(registry.get("strata.vector.embeddings.saved.ratio").gauge().value()));

    dedup.embed(List.of("launch plan", "growth", "  launch   plan ", "hiring")); // 3 computed in 1 call, 1 duplicate
    dedup.embed(List.of("growth", "hiring", "runway"));                          // 2 cached, 1 computed in 1 call

    assertEquals(7, counter("strata.vector.embeddings.requested"));
    assertEquals(2, counter("strata.vector.embeddings", "source", "cache"));
    assertEquals(1, counter("strata.vector.embeddings", "source", "duplicate"));
    assertEquals(0, counter("strata.vector.embeddings", "source", "joined"));
    assertEquals(4, counter("strata.vector.embeddings", "source", "computed"));
    assertEquals(2, counter("strata.vector.embedding.provider.calls"));
    assertEquals(1 - 4 / 7.0, registry.get("strata.vector.embeddings.saved.ratio").gauge().value(), 1e-9);
    // the same figures as the module's own counting listener
    assertEquals(stats.embeddingCallsSavedRatio(), registry.get("strata.vector.embeddings.saved.ratio").gauge().value(), 1e-9);
    assertEquals(stats.providerCalls(), counter("strata.vector.embedding.provider.calls"));
  }

  @Test
  void embeddings_concurrentSameText_joinsAndHitsAddUpToRequested() throws Exception {
    VectorMetrics metrics = VectorMetrics.create(registry);
    EmbeddingProvider local = EmbeddingProviders.localHashing(16);
    EmbeddingProvider slow = new EmbeddingProvider() {
      @Override
      public String modelId() {
        return local.modelId();
      }

      @Override
      public int dimension() {
        return local.dimension();
      }

      @Override
      public List<float[]> embed(List<String> texts) {
        try {
          Thread.sleep(200); // long enough for the other threads to find the text in flight
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return local.embed(texts);
      }
    };
    EmbeddingProvider dedup = EmbeddingProviders.deduplicating(slow, EmbeddingCache.inProcess(), metrics);
    int threads = 8;
    CyclicBarrier together = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<float[]>> sameText = Collections.nCopies(threads, () -> {
        together.await();
        return dedup.embed("the same hot text");
      });
      for (Future<float[]> f : pool.invokeAll(sameText, 10, TimeUnit.SECONDS)) {
        assertArrayEquals(local.embed("the same hot text"), f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, counter("strata.vector.embedding.provider.calls"));
    assertEquals(1, counter("strata.vector.embeddings", "source", "computed"));
    assertEquals(threads - 1, counter("strata.vector.embeddings", "source", "joined")
        + counter("strata.vector.embeddings", "source", "cache"));
    assertEquals(threads, counter("strata.vector.embeddings.requested"));
  }

  @Test
  void searchesAndUpserts_withoutLogicalNames_haveNoCollectionTag() {
    VectorMetrics metrics = VectorMetrics.create(registry);
    VectorStore store = VectorStores.inMemory(metrics);
    VentureVectors vv = VentureVectors.builder(store).collection("content", 8).collection("social", 8)
        .partitioning(Partitioning.COLLECTION_PER_VENTURE).build();
    EmbeddingProvider embed = EmbeddingProviders.localHashing(8);
    for (String venture : List.of("v1", "v2", "v3")) {
      vv.upsert(venture, "content", List.of(VectorEntry.of("a", embed.embed("alpha")), VectorEntry.of("b", embed.embed("beta"))));
    }
    vv.search("v1", "content", SearchRequest.of(embed.embed("alpha"), 5));
    vv.search("v2", List.of("content", "social"), SearchRequest.of(embed.embed("beta"), 5));

    assertEquals(3, timerCount("strata.vector.upsert"));
    assertEquals(6, counter("strata.vector.upsert.points"));
    assertEquals(3, counter("strata.vector.upsert.chunks"));
    assertEquals(0, counter("strata.vector.upsert.retries"));
    assertEquals(2, timerCount("strata.vector.search"));
    for (Meter m : registry.getMeters()) {
      assertTrue(m.getId().getTag("collection") == null, m.getId().toString());
    }
  }

  @Test
  void perVentureCollections_taggedByLogicalName_neverByVenture() {
    VectorMetrics metrics = VectorMetrics.create(registry, Set.of("content", "social", "deep_notes"));
    VectorStore store = VectorStores.inMemory(metrics);
    VentureVectors vv = VentureVectors.builder(store).collection("content", 8).collection("social", 8)
        .collection("deep_notes", 8).partitioning(Partitioning.COLLECTION_PER_VENTURE).build();
    EmbeddingProvider embed = EmbeddingProviders.localHashing(8);
    for (String venture : List.of("v1", "v2", "v__3")) {
      vv.upsert(venture, "content", List.of(VectorEntry.of("a", embed.embed("alpha"))));
      vv.upsert(venture, "deep_notes", List.of(VectorEntry.of("n", embed.embed("note"))));
    }
    vv.upsert("v1", "social", List.of(VectorEntry.of("s", embed.embed("post"))));
    vv.search("v1", "content", SearchRequest.of(embed.embed("alpha"), 5));
    vv.search("v__3", "deep_notes", SearchRequest.of(embed.embed("note"), 5));
    vv.search("v1", List.of("content", "social"), SearchRequest.of(embed.embed("alpha"), 5));

    assertEquals(3, timerCount("strata.vector.upsert", "collection", "content"));
    assertEquals(3, timerCount("strata.vector.upsert", "collection", "deep_notes"));
    assertEquals(1, timerCount("strata.vector.upsert", "collection", "social"));
    assertEquals(1, timerCount("strata.vector.search", "collection", "content"));
    assertEquals(1, timerCount("strata.vector.search", "collection", "deep_notes"));
    assertEquals(1, timerCount("strata.vector.search", "collection", "multiple"));
    for (Meter m : registry.getMeters()) {
      String c = m.getId().getTag("collection");
      assertTrue(c == null || Set.of("content", "social", "deep_notes", "multiple").contains(c), m.getId().toString());
    }
    // a store name that is not a configured logical collection
    assertEquals("other", metrics.collectionTag("unrelated"));
    assertEquals("other", metrics.collectionTag("contentx__v1"));
  }

  @Test
  void indexerProgressAndFailures_taggedByBoundedValues() {
    VectorMetrics metrics = VectorMetrics.create(registry);
    metrics.onIndexed(5, 2);
    metrics.onIndexed(3, 0);
    for (int i = 0; i < 40; i++) {
      metrics.onStoreFailure(i < 2 ? "upsert" : "op" + i, new IllegalStateException("x"));
    }
    assertEquals(8, counter("strata.vector.indexer.jobs", "outcome", "indexed"));
    assertEquals(2, counter("strata.vector.indexer.jobs", "outcome", "deferred"));
    assertEquals(2, counter("strata.vector.store.failures", "operation", "upsert"));
    assertTrue(registry.get("strata.vector.store.failures").counters().size() <= 17, "operation values are capped");
    assertTrue(counter("strata.vector.store.failures", "operation", "other") > 0);
  }

  @Test
  void badArguments_rejectedWithTheRule() {
    assertThrows(NullPointerException.class, () -> VectorMetrics.create(null));
    assertEquals("logicalCollections must name at least one collection (or use create(registry))",
        assertThrows(IllegalArgumentException.class, () -> VectorMetrics.create(registry, Set.of())).getMessage());
    assertThrows(IllegalArgumentException.class, () -> VectorMetrics.create(registry, List.of("a,b")));
  }
}
