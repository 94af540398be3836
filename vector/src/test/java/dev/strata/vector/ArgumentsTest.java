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
}
