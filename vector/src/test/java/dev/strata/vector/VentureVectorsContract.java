package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Venture isolation and argument checks of {@link VentureVectors}, for both partitioning strategies. */
abstract class VentureVectorsContract {

  static final int DIM = 8;

  protected abstract VectorStore store();

  /** Requests the server has seen, or -1 when unknown. */
  protected long requestsSeen() {
    return -1;
  }

  protected VentureVectors vectors(Partitioning p, String prefix) {
    VentureVectors v = VentureVectors.builder(store())
        .collection(prefix + "_content", DIM)
        .collection(prefix + "_social", DIM, Distance.COSINE, Set.of("kind"))
        .partitioning(p)
        .build();
    v.ensureCollections();
    return v;
  }

  static float[] randomVector(SplittableRandom rnd) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) rnd.nextDouble(-1, 1);
    }
    return v;
  }

  @ParameterizedTest
  @EnumSource(Partitioning.class)
  void randomizedWritesAndSearches_neverReturnAnotherVenturesPoint(Partitioning p) {
    String prefix = VectorStoreContract.name("iso");
    VentureVectors vv = vectors(p, prefix);
    List<String> collections = List.of(prefix + "_content", prefix + "_social");
    SplittableRandom rnd = new SplittableRandom(p.ordinal() * 1_000L + 11);
    int ventures = 25;
    Map<String, Map<String, Set<String>>> model = new HashMap<>();
    List<float[]> sharedVectors = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sharedVectors.add(randomVector(rnd)); // the same vectors in many ventures: the nearest point is often another venture's
    }
    int searches = 0;
    for (int op = 0; op < 500; op++) {
      String venture = "v" + rnd.nextInt(ventures);
      String c = collections.get(rnd.nextInt(2));
      int kind = rnd.nextInt(10);
      Set<String> keys = model.computeIfAbsent(venture, k -> new HashMap<>()).computeIfAbsent(c, k -> new HashSet<>());
      if (kind < 4) {
        List<VectorEntry> batch = new ArrayList<>();
        Set<String> batchKeys = new HashSet<>();
        for (int i = 0; i < 1 + rnd.nextInt(6); i++) {
          String key = "k" + rnd.nextInt(20); // the same keys in every venture
          if (batchKeys.add(key)) {
            float[] v = rnd.nextBoolean() ? sharedVectors.get(rnd.nextInt(sharedVectors.size())) : randomVector(rnd);
            batch.add(VectorEntry.of(key, v, Map.of("kind", "k" + rnd.nextInt(3))));
          }
        }
        vv.upsert(venture, c, batch);
        keys.addAll(batchKeys);
      } else if (kind < 5 && !keys.isEmpty()) {
        String key = keys.iterator().next();
        vv.delete(venture, c, List.of(key));
        keys.remove(key);
      } else {
        int limit = 1 + rnd.nextInt(15);
        float[] q = sharedVectors.get(rnd.nextInt(sharedVectors.size()));
        boolean both = rnd.nextBoolean();
        List<String> searched = both ? collections : List.of(c);
        List<VentureMatch> hits = vv.search(venture, searched, SearchRequest.of(q, limit));
        int available = 0;
        for (String s : searched) {
          Set<String> own = model.get(venture).getOrDefault(s, Set.of());
          available += own.size();
        }
        assertEquals(Math.min(limit, available), hits.size(), "hits of " + venture);
        for (VentureMatch h : hits) {
          assertEquals(venture, h.ventureId(), "a hit says which venture it belongs to");
          assertTrue(model.get(venture).getOrDefault(h.collection(), Set.of()).contains(h.key()),
              "venture " + venture + " got " + h.collection() + "/" + h.key() + ", which is not its own");
          assertFalse(h.payload().containsKey(VentureVectors.DEFAULT_TENANT_FIELD));
        }
        searches++;
      }
    }
    assertTrue(searches > 100, "searches: " + searches);
    for (var v : model.entrySet()) {
      for (String c : collections) {
        assertEquals(v.getValue().getOrDefault(c, Set.of()).size(), vv.count(v.getKey(), c), v.getKey() + " " + c);
      }
    }
    vv.deleteVenture("v3");
    assertEquals(0, vv.count("v3", collections.get(0)));
    assertEquals(model.get("v4").getOrDefault(collections.get(0), Set.of()).size(), vv.count("v4", collections.get(0)));
  }

  @ParameterizedTest
  @EnumSource(Partitioning.class)
  void sameKeyInTwoVentures_twoPoints_andReupsertReplaces(Partitioning p) {
    String prefix = VectorStoreContract.name("keys");
    VentureVectors vv = vectors(p, prefix);
    String c = prefix + "_content";
    float[] v = randomVector(new SplittableRandom(1));
    vv.upsert("a", c, List.of(VectorEntry.of("same", v, Map.of("n", 1L))));
    vv.upsert("b", c, List.of(VectorEntry.of("same", v, Map.of("n", 2L))));
    vv.upsert("a", c, List.of(VectorEntry.of("same", v, Map.of("n", 3L))));
    assertEquals(1, vv.count("a", c));
    assertEquals(1, vv.count("b", c));
    assertEquals(Map.of("n", 3L), vv.search("a", c, SearchRequest.of(v, 5)).get(0).payload());
    assertEquals(Map.of("n", 2L), vv.search("b", c, SearchRequest.of(v, 5)).get(0).payload());
    assertEquals(List.of(), vv.search("nobody", c, SearchRequest.of(v, 5)));
  }

  @ParameterizedTest
  @EnumSource(Partitioning.class)
  void callerFilter_isAndedWithTheVenture(Partitioning p) {
    String prefix = VectorStoreContract.name("filter");
    VentureVectors vv = vectors(p, prefix);
    String c = prefix + "_social";
    SplittableRandom rnd = new SplittableRandom(5);
    vv.upsert("a", c, List.of(VectorEntry.of("1", randomVector(rnd), Map.of("kind", "post")),
        VectorEntry.of("2", randomVector(rnd), Map.of("kind", "trend"))));
    vv.upsert("b", c, List.of(VectorEntry.of("3", randomVector(rnd), Map.of("kind", "post"))));
    List<VentureMatch> hits = vv.search("a", c, SearchRequest.of(randomVector(rnd), 10).withFilter(Filter.keyword("kind", "post")));
    assertEquals(List.of("1"), hits.stream().map(VentureMatch::key).toList());
  }

  @ParameterizedTest
  @EnumSource(Partitioning.class)
  void badInput_clearException_beforeAnyRequest(Partitioning p) {
    String prefix = VectorStoreContract.name("bad");
    VentureVectors vv = vectors(p, prefix);
    String c = prefix + "_content";
    vv.upsert("a", c, List.of(VectorEntry.of("x", randomVector(new SplittableRandom(2)))));
    long before = requestsSeen();
    float[] ok = new float[DIM];
    ok[0] = 1;
    assertEquals("ventureId must not be blank",
        assertThrows(IllegalArgumentException.class, () -> vv.upsert(" ", c, List.of(VectorEntry.of("k", ok)))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> vv.search("", c, SearchRequest.of(ok, 1)));
    assertThrows(IllegalArgumentException.class, () -> vv.search("a/b", c, SearchRequest.of(ok, 1)));
    assertThrows(NullPointerException.class, () -> vv.count(null, c));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> vv.upsert("a", "nope", List.of(VectorEntry.of("k", ok))))
        .getMessage().startsWith("collection must be one of"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> vv.upsert("a", c, List.of(VectorEntry.of("k", new float[3]))))
        .getMessage().contains("dimension " + DIM));
    float[] nan = ok.clone();
    nan[3] = Float.NaN;
    assertTrue(assertThrows(IllegalArgumentException.class, () -> vv.upsert("a", c, List.of(VectorEntry.of("k", nan))))
        .getMessage().contains("finite"));
    assertThrows(IllegalArgumentException.class, () -> vv.search("a", c, SearchRequest.of(new float[3], 1)));
    assertThrows(IllegalArgumentException.class,
        () -> vv.upsert("a", c, List.of(VectorEntry.of("k", ok, Map.of(VentureVectors.DEFAULT_TENANT_FIELD, "b")))));
    assertThrows(IllegalArgumentException.class,
        () -> vv.search("a", c, SearchRequest.of(ok, 1).withFilter(Filter.keyword(VentureVectors.DEFAULT_TENANT_FIELD, "b"))));
    assertThrows(IllegalArgumentException.class,
        () -> vv.upsert("a", c, List.of(VectorEntry.of("k", ok), VectorEntry.of("k", ok))));
    assertThrows(IllegalArgumentException.class, () -> VectorEntry.of(" ", ok));
    if (before >= 0) {
      assertEquals(before, requestsSeen(), "bad input must fail before any request is sent");
    }
  }

  @org.junit.jupiter.api.Test
  void customShardKeys_placeVenturesOnTheirShards_andStayIsolated() {
    String prefix = VectorStoreContract.name("shard");
    VentureVectors vv = VentureVectors.builder(store()).collection(prefix, DIM)
        .shardKeys(v -> v.startsWith("big") ? "dedicated_" + v : "common").build();
    vv.ensureCollections();
    SplittableRandom rnd = new SplittableRandom(9);
    float[] q = randomVector(rnd);
    vv.upsert("big1", prefix, List.of(VectorEntry.of("a", q)));
    vv.upsert("small1", prefix, List.of(VectorEntry.of("b", q)));
    vv.upsert("small2", prefix, List.of(VectorEntry.of("c", q)));
    assertEquals(List.of("a"), vv.search("big1", prefix, SearchRequest.of(q, 5)).stream().map(VentureMatch::key).toList());
    assertEquals(List.of("c"), vv.search("small2", prefix, SearchRequest.of(q, 5)).stream().map(VentureMatch::key).toList());
    assertEquals(1, store().search(prefix, SearchRequest.of(q, 5).withShardKey("dedicated_big1")).size());
    assertEquals(2, store().search(prefix, SearchRequest.of(q, 5).withShardKey("common")).size());
  }

  @org.junit.jupiter.api.Test
  void builder_rejectsConflictsAndRepeats() {
    VectorStore store = store();
    assertThrows(IllegalStateException.class, () -> VentureVectors.builder(store).build());
    assertThrows(IllegalArgumentException.class, () -> VentureVectors.builder(store).collection("a", 2).collection("a", 2));
    assertThrows(IllegalStateException.class, () -> VentureVectors.builder(store).collection("a", 2)
        .partitioning(Partitioning.COLLECTION_PER_VENTURE).shardKeys(v -> "s").build());
    assertThrows(IllegalStateException.class, () -> VentureVectors.builder(store)
        .partitioning(Partitioning.COLLECTION_PER_VENTURE).partitioning(Partitioning.SHARED_COLLECTION));
  }
}
