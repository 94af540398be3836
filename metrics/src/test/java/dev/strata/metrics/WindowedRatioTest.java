package dev.strata.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MockClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WindowedRatioTest {

  private final MockClock clock = new MockClock();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong gets = new AtomicLong();
  private final WindowedRatio ratio = new WindowedRatio(clock, Duration.ofMinutes(5), hits::get, gets::get);

  private void get(boolean hit) {
    ratio.tick();
    gets.incrementAndGet();
    if (hit) {
      hits.incrementAndGet();
    }
  }

  @Test
  void aDropAnHourInShowsWithinTheWindow_whileTheCumulativeRatioHardlyMoves() {
    assertTrue(Double.isNaN(ratio.value()), "no lookup yet");
    for (int minute = 0; minute < 60; minute++) {
      for (int i = 0; i < 100; i++) {
        get(true);
      }
      clock.add(Duration.ofMinutes(1));
    }
    assertEquals(1.0, ratio.value());
    for (int minute = 0; minute < 5; minute++) {
      for (int i = 0; i < 100; i++) {
        get(i < 30);
      }
      clock.add(Duration.ofMinutes(1));
    }
    assertEquals(0.3, ratio.value(), 0.06, "the window covers 5 to 5 1/12 minutes, all of them at 30 %");
    assertTrue((double) hits.get() / gets.get() > 0.9, "the cumulative ratio still looks healthy");
  }

  @Test
  void quietPeriods_doNotStretchTheWindow() {
    for (int i = 0; i < 10; i++) {
      get(false);
    }
    clock.add(Duration.ofHours(2));
    assertTrue(Double.isNaN(ratio.value()), "nothing in the last window");
    get(true);
    assertEquals(1.0, ratio.value());
  }
}
