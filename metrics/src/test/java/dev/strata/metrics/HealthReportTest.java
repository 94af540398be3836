package dev.strata.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HealthReportTest {

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final List<HealthReport.Result> changes = new CopyOnWriteArrayList<>();

  private HealthReport report(HealthCheck... checks) {
    return HealthReport.builder(registry).checks(List.of(checks)).listener(changes::add).build();
  }

  @Test
  void gauge_eachTagCombinationBreachesOnceAndClearsOnce_withSinceWhen() {
    AtomicLong a = new AtomicLong(1);
    AtomicLong b = new AtomicLong(1);
    Gauge.builder("queue.depth", a, AtomicLong::get).tag("queue", "a").register(registry);
    Gauge.builder("queue.depth", b, AtomicLong::get).tag("queue", "b").register(registry);
    try (HealthReport health = report(HealthCheck.gauge("depth", "queue.depth").above(5))) {
      assertTrue(health.evaluate().stream().noneMatch(HealthReport.Result::breached));
      b.set(9);
      clock.add(Duration.ofSeconds(3));
      Instant breachAt = Instant.ofEpochMilli(clock.wallTime());
      health.evaluate();
      clock.add(Duration.ofSeconds(10));
      List<HealthReport.Result> still = health.evaluate();
      HealthReport.Result rb = still.stream().filter(r -> r.tags().contains(Tag.of("queue", "b"))).findFirst().orElseThrow();
      assertEquals(HealthReport.State.BREACHED, rb.state());
      assertEquals(9, rb.value());
      assertEquals("queue.depth > 5.0", rb.threshold());
      assertEquals(breachAt, rb.since(), "since the evaluation that saw the breach, not the latest");
      assertEquals(1, changes.size(), "one change while it stays breached");
      b.set(2);
      health.evaluate();
      health.evaluate();
      assertEquals(2, changes.size());
      assertEquals(HealthReport.State.OK, changes.get(1).state());
      assertNull(changes.get(1).since());
      assertEquals(List.of(Tag.of("queue", "b")), changes.get(1).tags());
    }
  }

  @Test
  void ratio_ofTwoMetersWithEqualTags() {
    AtomicLong active = new AtomicLong(1);
    AtomicLong max = new AtomicLong(10);
    Gauge.builder("conn.active", active, AtomicLong::get).tag("pool", "p").register(registry);
    Gauge.builder("conn.max", max, AtomicLong::get).tag("pool", "p").register(registry);
    Gauge.builder("conn.active", () -> 5).tag("pool", "no-max").register(registry);
    try (HealthReport health = report(HealthCheck.ratio("usage", "conn.active", "conn.max").above(0.8))) {
      List<HealthReport.Result> first = health.evaluate();
      assertEquals(2, first.size());
      assertEquals(0.1, first.stream().filter(r -> r.tags().contains(Tag.of("pool", "p"))).findFirst().orElseThrow().value(), 1e-9);
      assertEquals(HealthReport.State.NO_DATA,
          first.stream().filter(r -> r.tags().contains(Tag.of("pool", "no-max"))).findFirst().orElseThrow().state());
      active.set(9);
      assertTrue(health.evaluate().stream().anyMatch(HealthReport.Result::breached));
      max.set(20);
      health.evaluate();
      assertEquals(List.of(HealthReport.State.BREACHED, HealthReport.State.OK), changes.stream().map(HealthReport.Result::state).toList());
    }
  }

  @Test
  void increase_countsOnlyTheWindow_andACounterCreatedLaterCountsFromZero() {
    Counter errors = Counter.builder("errors").register(registry);
    errors.increment(100); // history before the report: not in any window
    try (HealthReport health = report(HealthCheck.increase("errors", "errors", Duration.ofMinutes(5)).above(2),
        HealthCheck.increase("late", "late.errors", Duration.ofMinutes(5)).above(0))) {
      assertEquals(0, health.evaluate().get(0).value());
      clock.add(Duration.ofMinutes(1));
      errors.increment(3);
      assertEquals(3, health.evaluate().get(0).value());
      Counter late = Counter.builder("late.errors").register(registry);
      late.increment();
      clock.add(Duration.ofMinutes(1));
      List<HealthReport.Result> both = health.evaluate();
      assertEquals(3, both.get(0).value());
      assertEquals(1, both.get(1).value(), "created after the first evaluation: counted from zero");
      clock.add(Duration.ofMinutes(5));
      List<HealthReport.Result> later = health.evaluate();
      assertEquals(0, later.get(0).value(), "the increments are older than the window");
      assertEquals(0, later.get(1).value());
      assertEquals(List.of("errors", "late", "errors", "late"), changes.stream().map(HealthReport.Result::check).toList());
      assertEquals(2, changes.stream().filter(HealthReport.Result::breached).count());
    }
  }

  @Test
  void noData_clearsABreach_andARemovedMeterClearsToo() {
    AtomicLong v = new AtomicLong(10);
    Gauge g = Gauge.builder("g", v, x -> x.get() < 0 ? Double.NaN : x.get()).register(registry);
    try (HealthReport health = report(HealthCheck.gauge("g", "g").above(5))) {
      health.evaluate();
      v.set(-1);
      assertEquals(HealthReport.State.NO_DATA, health.evaluate().get(0).state());
      v.set(10);
      health.evaluate();
      registry.remove(g);
      assertEquals(List.of(), health.evaluate());
      assertEquals(List.of(HealthReport.State.BREACHED, HealthReport.State.NO_DATA, HealthReport.State.BREACHED,
          HealthReport.State.NO_DATA), changes.stream().map(HealthReport.Result::state).toList());
    }
  }

  @Test
  void preset_hasThePlansThresholds() {
    List<HealthCheck> preset = HealthPreset.checks();
    assertTrue(preset.stream().anyMatch(c -> c.threshold().equals("strata.cache.hit.ratio.recent < 0.6")));
    assertTrue(preset.stream().anyMatch(c -> c.threshold().equals("strata.pool.usage > 0.8")));
    assertTrue(preset.stream().anyMatch(c -> c.threshold().equals("increase(strata.sql.slow, PT5M) > 0.0")));
    assertEquals(Duration.ofMillis(1000), SlowQueryLog.DEFAULT_THRESHOLD);
    assertNotNull(HealthReport.builder(registry).checks(preset).build());
  }

  @Test
  void badChecksAreRejectedNamingTheArgument() {
    assertTrue(assertThrows(IllegalStateException.class, () -> HealthReport.builder(registry).build()).getMessage().contains("check"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HealthReport.builder(registry).check(HealthCheck.gauge("a", "m")))
        .getMessage().contains("bound"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HealthCheck.gauge(" ", "m")).getMessage().contains("name"));
    assertTrue(assertThrows(NullPointerException.class, () -> HealthCheck.ratio("r", "m", null)).getMessage().contains("denominator"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HealthCheck.gauge("a", "m").above(Double.NaN)).getMessage().contains("bound"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HealthCheck.increase("a", "m", Duration.ZERO)).getMessage().contains("window"));
    HealthCheck c = HealthCheck.gauge("a", "m").above(1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HealthReport.builder(registry).check(c).check(c)).getMessage().contains("unique"));
  }
}
