package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Argument checks of the value types: each failure names the argument and the rule. */
class ArgumentsTest {

  @Test
  void searchRequest_rejectsNaN_emptyVector_badLimit() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchRequest.of(new float[] {Float.NaN}, 1))
        .getMessage().startsWith("vector must have finite components"));
    assertThrows(IllegalArgumentException.class, () -> SearchRequest.of(new float[0], 1));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchRequest.of(new float[] {1}, 0))
        .getMessage().startsWith("limit must be in 1..10000"));
    assertThrows(IllegalArgumentException.class, () -> SearchRequest.of(new float[] {1}, 1).withScoreThreshold(Float.NaN));
    assertThrows(IllegalArgumentException.class, () -> SearchRequest.of(new float[] {1}, 1).withShardKey(" "));
    assertThrows(NullPointerException.class, () -> SearchRequest.of(null, 1));
  }

  @Test
  void collectionSpec_rejectsBadNameAndDimension() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CollectionSpec.of("", 3, Distance.COSINE))
        .getMessage().startsWith("name must be 1..200 characters"));
    assertThrows(IllegalArgumentException.class, () -> CollectionSpec.of("a b", 3, Distance.COSINE));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CollectionSpec.of("a", 0, Distance.COSINE))
        .getMessage().startsWith("dimension must be in 1..65536"));
    assertThrows(IllegalArgumentException.class, () -> CollectionSpec.of("a", 3, Distance.COSINE).withTenantField("a.b"));
  }

  @Test
  void vectorPoint_payloadTypesChecked_andNormalized() {
    UUID id = UUID.randomUUID();
    VectorPoint p = VectorPoint.of(id, new float[] {1}, Map.of("i", 3, "f", 1.5f, "s", "x", "b", true));
    assertEquals(Map.of("i", 3L, "f", 1.5, "s", "x", "b", true), p.payload());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> VectorPoint.of(id, new float[] {1}, Map.of("x", List.of(1)))).getMessage().startsWith("payload.x must be a String"));
    assertThrows(IllegalArgumentException.class, () -> VectorPoint.of(id, new float[] {1}, Map.of(" ", 1)));
    assertThrows(IllegalArgumentException.class, () -> VectorPoint.of(id, new float[] {1}, Map.of("d", Double.NaN)));
  }

  @Test
  void vectorPoint_isImmutable() {
    float[] v = {1, 2};
    VectorPoint p = VectorPoint.of(UUID.randomUUID(), v);
    v[0] = 9;
    p.vector()[1] = 9;
    assertEquals(1f, p.vector()[0]);
    assertEquals(2f, p.vector()[1]);
  }

  @Test
  void filter_rejectsMixedOrUnsupportedValues() {
    assertThrows(IllegalArgumentException.class, () -> new Filter.Match("f", List.of("a", 1L)));
    assertThrows(IllegalArgumentException.class, () -> new Filter.Match("f", List.of(1.5)));
    assertThrows(IllegalArgumentException.class, () -> Filter.anyKeyword("f", List.of()));
    assertThrows(IllegalArgumentException.class, () -> Filter.keyword("", "x"));
  }

  @Test
  void indexJob_rejectsTheVentureIdsVentureVectorsRejects_withTheSameMessage() {
    VentureVectors vv = VentureVectors.builder(VectorStores.inMemory()).collection("docs", 2).build();
    for (String bad : List.of("a*", "a/b", "a b", "x".repeat(65), "é")) {
      IllegalArgumentException fromJob = assertThrows(IllegalArgumentException.class, () -> IndexJob.of(bad, "docs", "text"));
      IllegalArgumentException fromVectors = assertThrows(IllegalArgumentException.class, () -> vv.count(bad, "docs"));
      assertEquals(fromVectors.getMessage(), fromJob.getMessage());
      assertTrue(fromJob.getMessage().startsWith("ventureId must be 1..64 characters of [A-Za-z0-9_-]"), fromJob.getMessage());
    }
    assertEquals("42", IndexJob.of("42", "docs", "text").ventureId());
  }

  @Test
  void unpairedSurrogates_areRejected_whereverAStringBecomesBytes() {
    float[] v = {1};
    String lone = "k\uD800";          // would become "k?" in UTF-8
    String reversed = "\uDC00\uD800x"; // a low surrogate first
    assertEquals("key must be well-formed UTF-16 (no unpaired surrogate), was an unpaired \\uD800 at index 1",
        assertThrows(IllegalArgumentException.class, () -> VectorEntry.of(lone, v)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> VectorEntry.of(reversed, v));
    assertThrows(IllegalArgumentException.class, () -> IndexJob.of("1", "docs", "text " + lone));
    assertThrows(IllegalArgumentException.class, () -> IndexJob.of("1", "docs", "text").withKey(lone));
    assertThrows(IllegalArgumentException.class, () -> IndexJob.contentKey(lone));
    assertThrows(IllegalArgumentException.class, () -> VectorEntry.of("k", v, Map.of("s", lone)));
    assertThrows(IllegalArgumentException.class, () -> VectorEntry.of("k", v, Map.of(lone, "s")));
    assertThrows(IllegalArgumentException.class, () -> Filter.keyword("f", lone));
    assertThrows(IllegalArgumentException.class, () -> Filter.anyKeyword("f", List.of("ok", lone)));
    VentureVectors vv = VentureVectors.builder(VectorStores.inMemory()).collection("docs", 1).build();
    assertThrows(IllegalArgumentException.class, () -> vv.delete("1", "docs", List.of(lone)));
    assertThrows(IllegalArgumentException.class, () -> EmbeddingProviders.localHashing(4).embed(List.of(lone)));
    assertThrows(IllegalArgumentException.class, () -> EmbeddingProviders.deduplicating(EmbeddingProviders.localHashing(4),
        EmbeddingCache.inProcess()).embed(List.of("ok", lone)));
    // a pair is fine: it encodes losslessly
    assertEquals("k\uD83D\uDE00", VectorEntry.of("k\uD83D\uDE00", v).key());
    assertTrue(IndexJob.contentKey("k\uD83D\uDE00").startsWith("sha256:"));
  }
}
