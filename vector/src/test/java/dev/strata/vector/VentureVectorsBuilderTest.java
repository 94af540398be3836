package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The rules of {@link VentureVectors.Builder}: set-once options, conflicts at build, named defaults and arguments. */
class VentureVectorsBuilderTest {

  private final VectorStore store = VectorStores.inMemory();

  private VentureVectors.Builder builder() {
    return VentureVectors.builder(store).collection("docs", 2);
  }

  @Test
  void everyOption_setTwice_isRejectedNamingIt_evenWithTheSameValue() {
    Map<String, UnaryOperator<VentureVectors.Builder>> options = new LinkedHashMap<>();
    options.put("partitioning", b -> b.partitioning(Partitioning.SHARED_COLLECTION));
    options.put("tenantField", b -> b.tenantField("tenant"));
    options.put("shardKeys", b -> b.shardKeys(v -> "common"));
    options.forEach((name, set) -> {
      VentureVectors.Builder once = set.apply(builder());
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> set.apply(once), name);
      assertEquals(name + " was already set on this builder", e.getMessage());
    });
  }

  @Test
  void shardKeys_withCollectionPerVenture_conflictAtBuild() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> builder().shardKeys(v -> "s").partitioning(Partitioning.COLLECTION_PER_VENTURE).build());
    assertEquals("shardKeys apply to SHARED_COLLECTION partitioning only, not COLLECTION_PER_VENTURE", e.getMessage());
  }

  @Test
  void noCollection_isRejectedAtBuild_aCollectionDefinedTwiceAtOnce() {
    assertEquals("at least one collection must be defined",
        assertThrows(IllegalStateException.class, () -> VentureVectors.builder(store).build()).getMessage());
    assertEquals("collection docs is already defined",
        assertThrows(IllegalArgumentException.class, () -> builder().collection("docs", 3)).getMessage());
  }

  @Test
  void nulls_areNamed() {
    assertEquals("store", assertThrows(NullPointerException.class, () -> VentureVectors.builder(null)).getMessage());
    assertEquals("name", assertThrows(NullPointerException.class, () -> builder().collection(null, 2)).getMessage());
    assertEquals("distance", assertThrows(NullPointerException.class,
        () -> builder().collection("other", 2, null, Set.of())).getMessage());
    assertEquals("keywordFields", assertThrows(NullPointerException.class,
        () -> builder().collection("other", 2, Distance.DOT, null)).getMessage());
    assertEquals("partitioning", assertThrows(NullPointerException.class, () -> builder().partitioning(null)).getMessage());
    assertEquals("tenantField", assertThrows(NullPointerException.class, () -> builder().tenantField(null)).getMessage());
    assertEquals("ventureToShardKey", assertThrows(NullPointerException.class, () -> builder().shardKeys(null)).getMessage());
  }

  @Test
  void badValues_nameTheArgumentTheRuleAndTheValue() {
    assertEquals("tenantField must not be strata_key (Strata's key field), was: 'strata_key'",
        assertThrows(IllegalArgumentException.class, () -> builder().tenantField(VentureVectors.KEY_FIELD)).getMessage());
    String tooLong = "c".repeat(VentureVectors.MAX_COLLECTION_NAME + 1);
    assertEquals("name must be at most 130 characters, was: 131",
        assertThrows(IllegalArgumentException.class, () -> builder().collection(tooLong, 2)).getMessage());
    assertEquals("name must not contain '__' nor end with '_' (per-venture collections are named <name>__<ventureId>), was: 'a__b'",
        assertThrows(IllegalArgumentException.class, () -> builder().collection("a__b", 2)).getMessage());
    // a rejected option is not spent: the builder still takes a good value
    VentureVectors.Builder b = builder();
    assertThrows(IllegalArgumentException.class, () -> b.tenantField("bad.field"));
    b.tenantField("tenant").build().ensureCollections();
    assertEquals("tenant", store.describe("docs").tenantField());
  }

  @Test
  void defaults_areTheNamedConstants() {
    VentureVectors vv = builder().build();
    assertEquals(VentureVectors.DEFAULT_PARTITIONING, vv.partitioning());
    vv.ensureCollections();
    assertEquals(VentureVectors.DEFAULT_DISTANCE, store.describe("docs").distance());
    assertEquals(VentureVectors.DEFAULT_TENANT_FIELD, store.describe("docs").tenantField());
    vv.upsert("v1", "docs", List.of(VectorEntry.of("k", new float[] {1, 0})));
    assertEquals(1, vv.count("v1", "docs"));
  }

  @Test
  void eachPartitioning_placesAVenturesPointsWhereItsStrategySays() {
    VentureVectors shared = VentureVectors.builder(store).collection("shared", 2).tenantField("tenant").build();
    VentureVectors perVenture = VentureVectors.builder(store).collection("own", 2)
        .partitioning(Partitioning.COLLECTION_PER_VENTURE).build();
    assertEquals("shared", shared.physicalName("v1", "shared"));
    assertEquals("own__v1", perVenture.physicalName("v1", "own"));
    shared.upsert("v1", "shared", List.of(VectorEntry.of("k", new float[] {1, 0})));
    perVenture.upsert("v1", "own", List.of(VectorEntry.of("k", new float[] {1, 0})));
    assertEquals("tenant", store.describe("shared").tenantField());
    assertEquals(null, store.describe("own__v1").tenantField(), "a venture's own collection needs no tenant index");
    assertEquals(1, store.count("shared", Filter.keyword("tenant", "v1")));
    assertEquals(1, store.count("own__v1", Filter.keyword(VentureVectors.DEFAULT_TENANT_FIELD, "v1")), "points are stamped either way");
    shared.deleteVenture("v1");
    perVenture.deleteVenture("v1");
    assertEquals(0, store.count("shared", Filter.empty()));
    assertEquals(false, store.collectionExists("own__v1"));
  }
}
