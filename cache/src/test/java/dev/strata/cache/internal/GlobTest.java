package dev.strata.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Glob must match L1 keys exactly as Redis's SCAN MATCH matches the same keys in Redis. */
class GlobTest {

  private static boolean matches(String glob, String key) {
    return Glob.compile(glob).matcher(key).matches();
  }

  @Test
  void star_matchesAnyRunIncludingEmpty() {
    assertEquals(true, matches("user:*:ventures", "user:7:ventures"));
    assertEquals(true, matches("user:*:ventures", "user::ventures"));
    assertEquals(false, matches("user:*:ventures", "user:7:ventures:x"));
  }

  @Test
  void question_matchesExactlyOneCharacter() {
    assertEquals(true, matches("k?", "k1"));
    assertEquals(false, matches("k?", "k"));
    assertEquals(false, matches("k?", "k12"));
  }

  @Test
  void classes_rangesAndNegation() {
    assertEquals(true, matches("v[abc]", "vb"));
    assertEquals(false, matches("v[abc]", "vd"));
    assertEquals(true, matches("v[a-c]", "vc"));
    assertEquals(false, matches("v[^a]", "va"));
    assertEquals(true, matches("v[^a]", "vz"));
  }

  @Test
  void backslash_escapesAMetacharacter() {
    assertEquals(true, matches("a\\*b", "a*b"));
    assertEquals(false, matches("a\\*b", "axb"));
    assertEquals(true, matches("a\\?", "a?"));
    assertEquals(false, matches("a\\?", "ab"));
  }

  @Test
  void regexMetacharacters_areLiterals() {
    assertEquals(true, matches("a.b+(c)|$", "a.b+(c)|$"));
    assertEquals(false, matches("a.b", "axb"));
  }

  @Test
  void unclosedBracket_isALiteral() {
    assertEquals(true, matches("a[b", "a[b"));
  }

  @Test
  void star_spansLineBreaks() {
    assertEquals(true, matches("a*", "a\nb"));
  }
}
