package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep one cache's Redis keys from reaching another's: namespaces and groups are
 * literal in every glob, ungrouped names cannot take the grouped form, and no string that becomes a
 * Redis key or pattern may hold an unpaired surrogate (UTF-8 turns it into '?').
 */
class KeyRulesTest {

  private static final Duration TTL = Duration.ofMinutes(1);
  private static final String LONE = "k\uD800";   // encodes like "k?"
  private final TieredCache cache = TieredCache.builder().name("key-rules").build();

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  void namespace_withGlobMetacharacters_isRejected_soItCannotWidenAPattern() {
    for (String ns : new String[] {"x*", "x?", "x[y]", "x\\y", "a]"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TieredCache.builder().namespace(ns));
      assertEquals("namespace must not contain any of * ? [ ] \\ (a namespace or group is literal in Redis glob patterns), "
          + "was: '" + ns + "'", e.getMessage());
    }
  }

  @Test
  void group_withGlobMetacharacters_isRejected_everywhereAGroupIsTaken() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CacheKey.of("venture:*", "k"));
    assertTrue(e.getMessage().startsWith("group must not contain any of * ? [ ] \\"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CacheKey("v?", "k"));
    assertThrows(IllegalArgumentException.class, () -> cache.invalidateGroup("venture:[12]"));
    assertEquals("venture:42", CacheKey.of("venture:42", "k*?[]").group(), "names keep every character");
  }

  @Test
  void ungroupedName_inTheGroupedForm_isRejected() {
    // ns:{g}:gen is group g's generation and ns:{g}:0:x its key x: an ungrouped name must not reach them
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.put("{g}:gen", "v", TTL));
    assertEquals("key must not start with '{' (an ungrouped key would collide with grouped keys and generations), "
        + "was: '{g}:gen'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> cache.invalidate("{g}:0:x"));
    cache.put("a{g}", "v", TTL); // a brace later in the name is fine
    assertEquals("v", cache.get("a{g}", String.class).orElseThrow());
  }

  @Test
  void unpairedSurrogates_areRejected_inKeysGroupsNamespacesAndPatterns() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.put(LONE, "v", TTL));
    assertEquals("key must be well-formed UTF-16 (no unpaired surrogate), was an unpaired \\uD800 at index 1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> cache.get("\uDC00k", String.class));
    assertThrows(IllegalArgumentException.class, () -> cache.getOrSet(LONE, String.class, TTL, () -> "v"));
    assertThrows(IllegalArgumentException.class, () -> CacheKey.of(LONE, "k"));
    assertThrows(IllegalArgumentException.class, () -> CacheKey.of("g", LONE));
    assertThrows(IllegalArgumentException.class, () -> cache.invalidateGroup(LONE));
    assertThrows(IllegalArgumentException.class, () -> cache.invalidateMatching(LONE + "*"));
    assertThrows(IllegalArgumentException.class, () -> TieredCache.builder().namespace(LONE));
    cache.put("k\uD83D\uDE00", "pair", TTL); // a surrogate pair encodes losslessly
    assertEquals("pair", cache.get("k\uD83D\uDE00", String.class).orElseThrow());
  }
}
