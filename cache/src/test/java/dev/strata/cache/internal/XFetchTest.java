package dev.strata.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class XFetchTest {

  @Test
  void due_atOrAfterExpiry_always() {
    assertTrue(XFetch.due(1_000, 1_000, 50, 1.0, 1.0));
    assertTrue(XFetch.due(1_001, 1_000, 50, 1.0, 0.999));
  }

  @Test
  void due_withRandOne_neverBeforeExpiry() {
    assertFalse(XFetch.due(999, 1_000, 50, 10.0, 1.0));
  }

  @Test
  void due_probabilityIsExpOfMinusRemainingOverDeltaBeta() {
    // 100 ms before expiry, delta 50 ms, beta 1: p = e^-2 = 0.1353
    SplittableRandom rnd = new SplittableRandom(1);
    int n = 200_000;
    int hits = 0;
    for (int i = 0; i < n; i++) {
      if (XFetch.due(900, 1_000, 50, 1.0, 1.0 - rnd.nextDouble())) {
        hits++;
      }
    }
    assertEquals(Math.exp(-2), (double) hits / n, 0.005);
  }

  @Test
  void due_higherBeta_recomputesEarlier() {
    SplittableRandom rnd = new SplittableRandom(2);
    int low = 0;
    int high = 0;
    for (int i = 0; i < 100_000; i++) {
      double r = 1.0 - rnd.nextDouble();
      low += XFetch.due(800, 1_000, 50, 1.0, r) ? 1 : 0;
      high += XFetch.due(800, 1_000, 50, 4.0, r) ? 1 : 0;
    }
    assertTrue(high > 5 * low, "beta 4: " + high + ", beta 1: " + low);
  }
}
