package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The outage and lease options reject bad values with a message naming the option, the rule and the value. */
class OutageOptionsTest {

  @Test
  void l1TtlWhileUnsubscribed_mustBeAtLeastOneMillisecond() {
    assertEquals("l1TtlWhileUnsubscribed",
        assertThrows(NullPointerException.class, () -> TieredCache.builder().l1TtlWhileUnsubscribed(null)).getMessage());
    String m = assertThrows(IllegalArgumentException.class,
        () -> TieredCache.builder().l1TtlWhileUnsubscribed(Duration.ZERO)).getMessage();
    assertTrue(m.contains("l1TtlWhileUnsubscribed") && m.contains("at least 1 ms") && m.contains("PT0S"), m);
  }

  @Test
  void recomputeLease_mayBeZero_notNegative() {
    assertEquals("recomputeLease",
        assertThrows(NullPointerException.class, () -> TieredCache.builder().recomputeLease(null)).getMessage());
    String m = assertThrows(IllegalArgumentException.class,
        () -> TieredCache.builder().recomputeLease(Duration.ofMillis(-5))).getMessage();
    assertTrue(m.contains("recomputeLease") && m.contains("negative") && m.contains("PT-0.005S"), m);
    TieredCache.builder().recomputeLease(Duration.ZERO).build().close();
  }

  @Test
  void outageOptions_setTwice_fail() {
    TieredCacheBuilder b = TieredCache.builder().l1TtlWhileUnsubscribed(Duration.ofSeconds(1)).recomputeLease(Duration.ZERO);
    assertThrows(IllegalStateException.class, () -> b.l1TtlWhileUnsubscribed(Duration.ofSeconds(2)));
    assertThrows(IllegalStateException.class, () -> b.recomputeLease(Duration.ofSeconds(2)));
  }
}
