package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the stats listener receives from the store and the deduplicating provider. */
class VectorStatsTest {

  @Test
  void store_reportsSearchesAndUpserts() {
    VectorStats stats = VectorStats.create();
    VectorStore store = VectorStores.inMemory(stats);
    store.ensureCollection(CollectionSpec.of("c", 2, Distance.COSINE));
    List<VectorPoint> pts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      pts.add(VectorPoint.of(UUID.randomUUID(), new float[] {1, i}));
    }
    store.upsert("c", pts);
    store.search("c", SearchRequest.of(new float[] {1, 0}, 3));
    store.search(List.of("c"), SearchRequest.of(new float[] {1, 0}, 3));
    assertEquals(10, stats.upsertedPoints());
    assertEquals(1, stats.upsertChunks());
    assertEquals(2, stats.searches());
    assertTrue(stats.searchMeanMicros() > 0);
    assertTrue(stats.searchMaxMicros() >= stats.searchMeanMicros());
  }

  @Test
  void dedup_reportsHitsJoinsAndCallsSaved() {
    VectorStats stats = VectorStats.create();
    EmbeddingProvider p = EmbeddingProviders.deduplicating(EmbeddingProviders.localHashing(16), EmbeddingCache.inProcess(), stats);
    p.embed(List.of("a", "b", "a"));
    p.embed(List.of("a", "c"));
    assertEquals(5, stats.embeddingsRequested());
    assertEquals(1, stats.embeddingDuplicatesInBatch());
    assertEquals(1, stats.embeddingCacheHits());
    assertEquals(3, stats.embeddingsComputed());
    assertEquals(2, stats.providerCalls());
    assertEquals(1 - 3 / 5.0, stats.embeddingCallsSavedRatio(), 1e-9);
    assertTrue(stats.toString().contains("providerCalls=2"), stats.toString());
  }

  @Test
  void throwingListener_neverBreaksTheOperation_andAllForwardsToEach() {
    VectorStatsListener broken = new VectorStatsListener() {
      @Override
      public void onSearch(String collections, int hits, long nanos) {
        throw new IllegalStateException("listener bug");
      }
    };
    VectorStats stats = VectorStats.create();
    VectorStore store = VectorStores.inMemory(VectorStatsListener.all(broken, stats));
    store.ensureCollection(CollectionSpec.of("c", 2, Distance.COSINE));
    store.upsert("c", List.of(VectorPoint.of(UUID.randomUUID(), new float[] {1, 0}, Map.of())));
    assertEquals(1, store.search("c", SearchRequest.of(new float[] {1, 0}, 3)).size());
    assertEquals(1, stats.searches());
    VectorStore direct = VectorStores.inMemory(broken);
    direct.ensureCollection(CollectionSpec.of("c", 2, Distance.COSINE));
    assertEquals(0, direct.search("c", SearchRequest.of(new float[] {1, 0}, 3)).size());
  }
}
