package dev.strata.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.strata.cache.CacheKey;
import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lease keys share their value key's Redis Cluster slot (the lease script touches both) and are never value keys. */
class RecomputeLeaseTest {

  private final RecomputeLease leases = new RecomputeLease(new KeyScheme("app"), null, 1_000);

  @Test
  void leaseKey_sameSlotAsTheValueKey_forPlainBracedAndGroupedNames() {
    List<CacheKey> keys = List.of(CacheKey.of("user:7:ventures"), CacheKey.of("a{b}c"), CacheKey.of("x{}y"),
        CacheKey.of("x{"), CacheKey.of("x{ab"), CacheKey.of("x}{y}"), CacheKey.of("venture:1", "stats"),
        CacheKey.of("venture:1", "odd{name}"));
    for (CacheKey k : keys) {
      for (long generation : new long[] {-1, 0, 41}) {
        if (!k.grouped() && generation != -1 || k.grouped() && generation < 0) {
          continue;
        }
        String value = leases.valueKey(k, generation);
        String lease = leases.leaseKey(k, generation);
        if (k.name().equals("x{}y")) { // ungrouped names cannot start with '{' (they would look grouped)
          assertNull(lease, "a '}' without a hash tag: no braced key hashes like it, so no lease");
          continue;
        }
        assertEquals(SlotHash.getSlot(value), SlotHash.getSlot(lease), k + ": " + value + " / " + lease);
        assertFalse(lease.equals(value));
      }
    }
  }

  @Test
  void leaseKey_ofUngroupedKeys_neverStartsWithTheNamespace() {
    assertEquals("{app:user:7}:lease", leases.leaseKey(CacheKey.of("user:7"), -1));
    assertEquals("{b}:lease:app:a{b}c", leases.leaseKey(CacheKey.of("a{b}c"), -1));
    assertEquals("app:{venture:1}:lease:3:stats", leases.leaseKey(CacheKey.of("venture:1", "stats"), 3));
  }

  @Test
  void hashTag_followsRedisClusterRules() {
    assertEquals("b", RecomputeLease.hashTag("a{b}c"));
    assertNull(RecomputeLease.hashTag("{}x"));
    assertNull(RecomputeLease.hashTag("x{"));
    assertEquals("y", RecomputeLease.hashTag("x}{y}"));
    assertEquals("a{b", RecomputeLease.hashTag("{a{b}"));
  }
}
