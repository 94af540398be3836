package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The per-venture collection name {@code <logical>__<venture>} names exactly one (logical, venture)
 * pair: an exhaustive search over every name of a small alphabet that includes {@code _} finds no two
 * pairs with one physical name, and no per-venture name equal to a shared collection's.
 */
class PhysicalNamesTest {

  private static final VectorStore STORE = VectorStores.inMemory();

  /** Every string of 1..maxLength characters of {@code alphabet}. */
  private static List<String> allStrings(String alphabet, int maxLength) {
    List<String> out = new ArrayList<>();
    List<String> last = List.of("");
    for (int len = 1; len <= maxLength; len++) {
      List<String> next = new ArrayList<>();
      for (String prefix : last) {
        for (char c : alphabet.toCharArray()) {
          next.add(prefix + c);
        }
      }
      out.addAll(next);
      last = next;
    }
    return out;
  }

  /** The per-venture view of {@code logical}, or null when the builder refuses the name. */
  private static VentureVectors perVenture(String logical) {
    try {
      return VentureVectors.builder(STORE).collection(logical, 2).partitioning(Partitioning.COLLECTION_PER_VENTURE).build();
    } catch (IllegalArgumentException refused) {
      return null;
    }
  }

  @Test
  void perVentureNames_areInjective_overEveryLogicalNameAndVentureOfASmallAlphabet() {
    List<String> logicalNames = allStrings("a_-", 5);   // 363 candidate names, many with runs of '_'
    List<String> ventures = allStrings("a_-", 4);       // 120 ventures, every one valid
    Map<String, String> owner = new HashMap<>();
    Set<String> shared = new HashSet<>();
    int pairs = 0;
    for (String logical : logicalNames) {
      VentureVectors vv = perVenture(logical);
      if (vv == null) {
        continue;
      }
      shared.add(logical);
      for (String venture : ventures) {
        String physical = vv.physicalName(venture, logical);
        String previous = owner.put(physical, logical + " / " + venture);
        assertNull(previous, "(" + logical + ", " + venture + ") and (" + previous + ") share the collection " + physical);
        pairs++;
      }
    }
    assertTrue(shared.size() > 100, "most names are accepted: " + shared.size());
    assertTrue(pairs > 10_000, "pairs searched: " + pairs);
    for (String logical : shared) {
      assertFalse(owner.containsKey(logical), "shared collection " + logical + " is also a per-venture collection");
    }
  }

  @Test
  void theReportedCollision_cannotBeBuilt() {
    VentureVectors docs = perVenture("docs");
    assertEquals("docs__a__b", docs.physicalName("a__b", "docs"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> VentureVectors.builder(STORE).collection("docs__a", 2));
    assertEquals("name must not contain '__' nor end with '_' (per-venture collections are named <name>__<ventureId>), "
        + "was: 'docs__a'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VentureVectors.builder(STORE).collection("docs_", 2));
  }

  @Test
  void perVenture_countAndDeleteVenture_seeOnlyTheirVenture_whenVentureIdsHoldDoubleUnderscores() {
    VentureVectors vv = VentureVectors.builder(VectorStores.inMemory()).collection("docs", 2).collection("docs_a", 2)
        .partitioning(Partitioning.COLLECTION_PER_VENTURE).build();
    float[] v = {1, 0};
    vv.upsert("a__b", "docs", List.of(VectorEntry.of("x", v)));
    vv.upsert("_b", "docs_a", List.of(VectorEntry.of("y", v)));
    vv.upsert("a___b", "docs", List.of(VectorEntry.of("z", v)));
    assertEquals(1, vv.count("a__b", "docs"));
    assertEquals(1, vv.count("_b", "docs_a"));
    assertEquals(1, vv.count("a___b", "docs"));
    vv.deleteVenture("_b");
    assertEquals(1, vv.count("a__b", "docs"));
    assertEquals(1, vv.count("a___b", "docs"));
    assertEquals(0, vv.count("_b", "docs_a"));
  }
}
