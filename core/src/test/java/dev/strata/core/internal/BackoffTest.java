package dev.strata.core.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void equalJitter_staysBetweenHalfAndAllOfTheDoubledDelay() {
    for (int attempt = 1; attempt <= 8; attempt++) {
      long cap = 100L << (attempt - 1);
      for (int i = 0; i < 1_000; i++) {
        long d = Backoff.equalJitterMillis(100, 1_000_000, attempt);
        assertTrue(d >= cap / 2 && d <= cap, "attempt " + attempt + ": " + d + " outside " + cap / 2 + ".." + cap);
      }
    }
  }

  @Test
  void equalJitter_isCappedAtMax() {
    for (int i = 0; i < 1_000; i++) {
      long d = Backoff.equalJitterMillis(100, 300, 10);
      assertTrue(d >= 150 && d <= 300, String.valueOf(d));
    }
  }

  @Test
  void hugeAttemptCounts_neverOverflow() {
    for (int attempt : new int[] {31, 63, 64, 1_000, Integer.MAX_VALUE}) {
      long d = Backoff.equalJitterMillis(1_000, Long.MAX_VALUE, attempt);
      assertTrue(d > 0, attempt + " gave " + d);
    }
  }

  @Test
  void oneMillisecond_isTheFloor() {
    assertTrue(Backoff.equalJitterMillis(1, 1, 1) == 1);
  }

  @Test
  void badBounds_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> Backoff.equalJitterMillis(0, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> Backoff.equalJitterMillis(10, 5, 1));
  }
}
