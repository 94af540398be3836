package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VectorStore} must have. Run against the in-memory store, the Qdrant
 * adapter over testkit's gRPC server, and a real Qdrant when Docker is present.
 */
abstract class VectorStoreContract {

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final float EPS = 1e-4f;

  /** The store under test (the same instance for every test of a class). */
  protected abstract VectorStore store();

  /**
   * Requests the server behind the store has received so far, or -1 when it cannot tell (only
   * testkit's server counts them); used to prove bad input is rejected before anything is sent.
   */
  protected long requestsSeen() {
    return -1;
  }

  /** A collection name of this test alone (stores are shared within a class; a real Qdrant keeps data). */
  protected static String name(String hint) {
    return "c_" + hint + "_" + SEQ.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xffffff);
  }

  private String collection(int dim, Distance distance) {
    String n = name(distance.name().toLowerCase());
    store().ensureCollection(CollectionSpec.of(n, dim, distance).withKeywordFields(Set.of("kind")));
    return n;
  }

  private static UUID id(int i) {
    return new UUID(0x5157_0000_0000_0000L, i);
  }

  @Test
  void ensureCollection_isIdempotent_andDescribes() {
    String c = collection(3, Distance.COSINE);
    store().ensureCollection(CollectionSpec.of(c, 3, Distance.COSINE));
    assertTrue(store().collectionExists(c));
    CollectionSpec spec = store().describe(c);
    assertEquals(3, spec.dimension());
    assertEquals(Distance.COSINE, spec.distance());
  }

  @Test
  void ensureCollection_otherDimension_rejected() {
    String c = collection(3, Distance.COSINE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store().ensureCollection(CollectionSpec.of(c, 4, Distance.COSINE)));
    assertTrue(e.getMessage().contains("dimension 3"), e.getMessage());
  }

  @Test
  void search_cosine_nearestFirst_withPayloadAndScores() {
    String c = collection(3, Distance.COSINE);
    store().upsert(c, List.of(
        VectorPoint.of(id(1), new float[] {1, 0, 0}, Map.of("kind", "a", "n", 1L, "w", 0.5, "ok", true)),
        VectorPoint.of(id(2), new float[] {0, 1, 0}, Map.of("kind", "b")),
        VectorPoint.of(id(3), new float[] {2, 2, 0}, Map.of("kind", "a"))));
    List<ScoredPoint> hits = store().search(c, SearchRequest.of(new float[] {1, 0.1f, 0}, 2));
    assertEquals(List.of(id(1), id(3)), hits.stream().map(ScoredPoint::id).toList());
    assertEquals(1 / Math.sqrt(1.01), hits.get(0).score(), EPS);
    assertEquals(1.1 / Math.sqrt(2 * 1.01), hits.get(1).score(), EPS);
    assertEquals(Map.of("kind", "a", "n", 1L, "w", 0.5, "ok", true), hits.get(0).payload());
    assertEquals(c, hits.get(0).collection());
  }

  @Test
  void search_withoutPayload_returnsEmptyPayload() {
    String c = collection(2, Distance.COSINE);
    store().upsert(c, List.of(VectorPoint.of(id(1), new float[] {1, 0}, Map.of("kind", "a"))));
    assertEquals(Map.of(), store().search(c, SearchRequest.of(new float[] {1, 0}, 1).withPayload(false)).get(0).payload());
  }

  @Test
  void search_dot_and_euclid_orderLikeQdrant() {
    String dot = collection(2, Distance.DOT);
    String euclid = collection(2, Distance.EUCLID);
    List<VectorPoint> pts = List.of(VectorPoint.of(id(1), new float[] {1, 0}), VectorPoint.of(id(2), new float[] {3, 0}),
        VectorPoint.of(id(3), new float[] {-1, 0}));
    store().upsert(dot, pts);
    store().upsert(euclid, pts);
    List<ScoredPoint> d = store().search(dot, SearchRequest.of(new float[] {1, 0}, 3));
    assertEquals(List.of(id(2), id(1), id(3)), d.stream().map(ScoredPoint::id).toList());
    assertEquals(3f, d.get(0).score(), EPS);
    List<ScoredPoint> e = store().search(euclid, SearchRequest.of(new float[] {0.9f, 0}, 3));
    assertEquals(List.of(id(1), id(3), id(2)), e.stream().map(ScoredPoint::id).toList());
    assertEquals(0.1f, e.get(0).score(), EPS);
    assertEquals(1, store().search(euclid, SearchRequest.of(new float[] {0.9f, 0}, 3).withScoreThreshold(0.5f)).size());
  }

  @Test
  void upsert_sameId_replaces() {
    String c = collection(2, Distance.COSINE);
    store().upsert(c, List.of(VectorPoint.of(id(1), new float[] {1, 0}, Map.of("kind", "old"))));
    store().upsert(c, List.of(VectorPoint.of(id(1), new float[] {0, 1}, Map.of("kind", "new"))));
    assertEquals(1, store().count(c, Filter.empty()));
    ScoredPoint hit = store().search(c, SearchRequest.of(new float[] {0, 1}, 5)).get(0);
    assertEquals("new", hit.payload().get("kind"));
    assertEquals(1f, hit.score(), EPS);
  }

  @Test
  void search_filters_keyword_anyKeyword_integer_bool() {
    String c = collection(2, Distance.COSINE);
    List<VectorPoint> pts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      pts.add(VectorPoint.of(id(i), new float[] {1, i / 10f},
          Map.of("kind", "k" + (i % 3), "year", 2020L + (i % 2), "pub", i % 4 == 0)));
    }
    store().upsert(c, pts);
    SearchRequest q = SearchRequest.of(new float[] {1, 0}, 100);
    assertEquals(4, store().search(c, q.withFilter(Filter.keyword("kind", "k1"))).size());
    assertEquals(8, store().search(c, q.withFilter(Filter.anyKeyword("kind", List.of("k0", "k2")))).size());
    assertEquals(2, store().search(c, q.withFilter(Filter.keyword("kind", "k1").and(Filter.integer("year", 2021)))).size());
    assertEquals(3, store().search(c, q.withFilter(Filter.bool("pub", true))).size());
    assertEquals(0, store().search(c, q.withFilter(Filter.keyword("kind", "nope"))).size());
    assertEquals(4, store().count(c, Filter.keyword("kind", "k2")));
    for (ScoredPoint h : store().search(c, q.withFilter(Filter.keyword("kind", "k1")))) {
      assertEquals("k1", h.payload().get("kind"));
    }
  }

  @Test
  void search_scoreThreshold_cosine() {
    String c = collection(2, Distance.COSINE);
    store().upsert(c, List.of(VectorPoint.of(id(1), new float[] {1, 0}), VectorPoint.of(id(2), new float[] {0, 1})));
    List<ScoredPoint> hits = store().search(c, SearchRequest.of(new float[] {1, 0.2f}, 10).withScoreThreshold(0.9f));
    assertEquals(List.of(id(1)), hits.stream().map(ScoredPoint::id).toList());
  }

  @Test
  void delete_byIds_andByFilter_thenCount() {
    String c = collection(2, Distance.COSINE);
    List<VectorPoint> pts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      pts.add(VectorPoint.of(id(i), new float[] {1, i}, Map.of("kind", i < 4 ? "x" : "y")));
    }
    store().upsert(c, pts);
    assertEquals(10, store().count(c, Filter.empty()));
    store().delete(c, List.of(id(0), id(9), id(12345)));
    assertEquals(8, store().count(c, Filter.empty()));
    store().delete(c, Filter.keyword("kind", "x"));
    assertEquals(5, store().count(c, Filter.empty()));
    assertEquals(0, store().count(c, Filter.keyword("kind", "x")));
  }

  @Test
  void search_severalCollections_mergesBestFirst_upToLimit() {
    String a = collection(2, Distance.COSINE);
    String b = collection(2, Distance.COSINE);
    store().upsert(a, List.of(VectorPoint.of(id(1), new float[] {1, 0.0f}), VectorPoint.of(id(2), new float[] {1, 0.6f})));
    store().upsert(b, List.of(VectorPoint.of(id(3), new float[] {1, 0.3f}), VectorPoint.of(id(4), new float[] {0, 1})));
    List<ScoredPoint> hits = store().search(List.of(a, b), SearchRequest.of(new float[] {1, 0}, 3));
    assertEquals(List.of(id(1), id(3), id(2)), hits.stream().map(ScoredPoint::id).toList());
    assertEquals(List.of(a, b, a), hits.stream().map(ScoredPoint::collection).toList());
  }

  @Test
  void upsert_largeBatch_allStored() {
    String c = collection(8, Distance.COSINE);
    SplittableRandom rnd = new SplittableRandom(7);
    List<VectorPoint> pts = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      float[] v = new float[8];
      for (int j = 0; j < 8; j++) {
        v[j] = (float) rnd.nextDouble(-1, 1);
      }
      pts.add(VectorPoint.of(id(i), v, Map.of("kind", "k" + (i % 5))));
    }
    store().upsert(c, pts);
    assertEquals(1_000, store().count(c, Filter.empty()));
    assertEquals(200, store().count(c, Filter.keyword("kind", "k3")));
    ScoredPoint best = store().search(c, SearchRequest.of(pts.get(777).vector(), 1)).get(0);
    assertEquals(id(777), best.id());
    assertEquals(1f, best.score(), EPS);
  }

  @Test
  void deleteCollection_thenUnknown() {
    String c = collection(2, Distance.COSINE);
    store().deleteCollection(c);
    assertFalse(store().collectionExists(c));
    store().deleteCollection(c); // no-op
    assertThrows(IllegalArgumentException.class, () -> store().search(c, SearchRequest.of(new float[] {1, 0}, 1)));
  }

  @Test
  void customSharding_writesNeedKey_searchesOneShardOrAll() {
    String c = name("sharded");
    store().ensureCollection(CollectionSpec.of(c, 2, Distance.COSINE).withCustomSharding(true));
    store().ensureShardKey(c, "s1");
    store().ensureShardKey(c, "s2");
    store().ensureShardKey(c, "s2");
    store().upsert(c, List.of(VectorPoint.of(id(1), new float[] {1, 0})), "s1");
    store().upsert(c, List.of(VectorPoint.of(id(2), new float[] {1, 0.1f})), "s2");
    SearchRequest q = SearchRequest.of(new float[] {1, 0}, 10);
    assertEquals(List.of(id(2)), store().search(c, q.withShardKey("s2")).stream().map(ScoredPoint::id).toList());
    assertEquals(2, store().search(c, q).size());
    assertThrows(IllegalArgumentException.class, () -> store().upsert(c, List.of(VectorPoint.of(id(3), new float[] {1, 0}))));
    assertThrows(VectorStoreException.class, () -> store().upsert(c, List.of(VectorPoint.of(id(3), new float[] {1, 0})), "nope"));
  }

  @Test
  void badInput_rejectedBeforeAnyRequest() {
    String c = collection(3, Distance.COSINE);
    long before = requestsSeen();
    IllegalArgumentException wrongDim = assertThrows(IllegalArgumentException.class,
        () -> store().upsert(c, List.of(VectorPoint.of(id(1), new float[] {1, 0}))));
    assertTrue(wrongDim.getMessage().contains("dimension 3"), wrongDim.getMessage());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> store().upsert(c, List.of(VectorPoint.of(id(1), new float[] {1, Float.NaN, 0}))));
    assertTrue(nan.getMessage().contains("finite"), nan.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> store().upsert(c, List.of(VectorPoint.of(id(1), new float[] {1, Float.POSITIVE_INFINITY, 0}))));
    assertThrows(IllegalArgumentException.class,
        () -> store().upsert(c, List.of(VectorPoint.of(id(1), new float[] {1, 0, 0}), VectorPoint.of(id(1), new float[] {0, 1, 0}))));
    assertThrows(IllegalArgumentException.class, () -> store().search(c, SearchRequest.of(new float[] {1, 0}, 1)));
    assertThrows(IllegalArgumentException.class, () -> store().upsert(" ", List.of()));
    assertThrows(IllegalArgumentException.class, () -> store().upsert("bad/name", List.of()));
    assertThrows(IllegalArgumentException.class, () -> store().delete(c, Filter.empty()));
    assertThrows(IllegalArgumentException.class, () -> store().upsert(c, List.of(VectorPoint.of(id(1), new float[] {1, 0, 0})), "s1"));
    assertThrows(NullPointerException.class, () -> store().upsert(c, null));
    assertThrows(IllegalArgumentException.class, () -> store().search(List.of(c, c), SearchRequest.of(new float[] {1, 0, 0}, 1)));
    if (before >= 0) {
      assertEquals(before, requestsSeen(), "bad input must fail before any request is sent");
    }
    String missing = name("missing");
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> store().upsert(missing, List.of(VectorPoint.of(id(1), new float[] {1, 0, 0}))));
    assertTrue(unknown.getMessage().contains("unknown: " + missing), unknown.getMessage());
  }
}
