package dev.strata.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsistencyTokenTest {

  @Test
  void parsesAndPrintsPostgresLsnText() {
    ConsistencyToken t = ConsistencyToken.parse("16/B374D848");
    assertEquals((0x16L << 32) | 0xB374D848L, t.lsn());
    assertEquals("16/B374D848", t.toString());
    assertEquals(t, ConsistencyToken.parse(t.toString()));
    assertEquals("0/0", ConsistencyToken.parse("0/0").toString());
  }

  @Test
  void ordersByPosition() {
    ConsistencyToken a = ConsistencyToken.parse("0/FFFFFFFF");
    ConsistencyToken b = ConsistencyToken.parse("1/0");
    assertTrue(a.compareTo(b) < 0);
    assertEquals(b, a.max(b));
    assertEquals(b, b.max(a));
    assertEquals(a, a.max(null));
    assertTrue(a.isSatisfiedBy(b.lsn()));
    assertTrue(a.isSatisfiedBy(a.lsn()));
    assertFalse(b.isSatisfiedBy(a.lsn()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "16", "/1", "1/", "x/1", "1/1/1", "100000000/0", "-1/0"})
  void rejectsMalformedText(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConsistencyToken.parse(text));
    assertTrue(e.getMessage().contains("lsn"), e.getMessage());
  }
}
