package dev.strata.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThresholdAlertsTest {

  @Test
  void eachTaggedGaugeFiresAndResolvesOnItsOwn() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicLong a = new AtomicLong();
    AtomicLong b = new AtomicLong();
    Gauge.builder("hit.ratio", a, AtomicLong::get).tag("cache", "a").register(registry);
    Gauge.builder("hit.ratio", b, AtomicLong::get).tag("cache", "b").register(registry);
    try (ThresholdAlerts alerts = ThresholdAlerts.builder(registry).below("hit.ratio", 5).listener(x -> {}).build()) {
      a.set(10);
      b.set(1);
      var first = alerts.evaluate();
      assertEquals(1, first.size());
      assertEquals("b", first.get(0).tags().get(0).getValue());
      b.set(7);
      var second = alerts.evaluate();
      assertEquals(1, second.size());
      assertTrue(!second.get(0).firing());
      assertEquals(0, alerts.evaluate().size());
    }
  }

  @Test
  void badRulesAreRejected() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    assertThrows(IllegalStateException.class, () -> ThresholdAlerts.builder(registry).build());
    IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> ThresholdAlerts.builder(registry).above(" ", 1));
    assertTrue(blank.getMessage().contains("meter"));
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> ThresholdAlerts.builder(registry).above("m", Double.NaN));
    assertTrue(nan.getMessage().contains("bound"));
  }
}
