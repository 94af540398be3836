package dev.strata.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.StrataJdbi;
import dev.strata.core.events.EventLog;
import dev.strata.core.events.EventPage;
import dev.strata.core.events.EventStream;
import dev.strata.core.finance.FinancialSummaryRefresher;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.outbox.OutboxMessage;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** CoreMetrics over a real, migrated PostgreSQL: each gauge moves when its table does. */
@ExtendWith(PostgresExtension.class)
class CoreMetricsIT {

  private static TestDatabase db;
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

  @BeforeAll
  static void migrate(TestDatabase database) {
    db = database;
    StrataSchema.migrate(db.dataSource());
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  private double jobs(String topic, String state) {
    return registry.get("strata.outbox.jobs").tags("topic", topic, "state", state).gauge().value();
  }

  private double seconds(String meter, String tag, String value) {
    return registry.get(meter).tag(tag, value).timeGauge().value(TimeUnit.SECONDS);
  }

  @Test
  void outboxGauges_followPendingLeasedDeadAndTheOldestAge_andThePresetBreachesOnceAndClearsOnce() throws Exception {
    String topic = "metrics.outbox";
    Outbox outbox = Outbox.builder(db.dataSource()).build();
    CoreMetrics.builder(registry, db.dataSource()).outbox(topic).maxStaleness(Duration.ZERO).bind();
    List<HealthReport.Result> changes = new CopyOnWriteArrayList<>();
    HealthReport health = HealthReport.builder(registry).checks(HealthPreset.checks()).listener(changes::add).build();
    assertEquals(0, jobs(topic, "pending"));
    assertEquals(0, seconds("strata.outbox.oldest.age", "topic", topic));
    try (Connection c = db.dataSource().getConnection()) {
      outbox.enqueue(c, topic, "a");
      outbox.enqueue(c, topic, "b");
    }
    assertEquals(2, jobs(topic, "pending"));
    List<OutboxMessage> first = outbox.claim(topic, 1, Duration.ofMinutes(1));
    assertEquals(1, jobs(topic, "pending"));
    assertEquals(1, jobs(topic, "leased"));
    outbox.deadLetter(first.get(0), "poison");
    assertEquals(0, jobs(topic, "leased"));
    assertEquals(1, jobs(topic, "dead"));
    health.evaluate();
    assertEquals(List.of(), changes);
    sql("UPDATE strata_outbox SET created_at = now() - interval '10 minutes' WHERE dead_at IS NULL");
    assertTrue(seconds("strata.outbox.oldest.age", "topic", topic) >= 600);
    assertTrue(health.evaluate().stream().anyMatch(r -> r.check().equals("outbox.age") && r.breached()));
    health.evaluate();
    OutboxMessage old = outbox.claim(topic, 1, Duration.ofMinutes(1)).get(0);
    assertTrue(seconds("strata.outbox.oldest.age", "topic", topic) >= 600, "a leased job is not done yet");
    outbox.complete(old);
    assertEquals(0, seconds("strata.outbox.oldest.age", "topic", topic));
    health.evaluate();
    assertEquals(List.of(true, false), changes.stream().map(HealthReport.Result::breached).toList());
    assertEquals(List.of("outbox.age", "outbox.age"), changes.stream().map(HealthReport.Result::check).toList());
  }

  @Test
  void viewAge_isTheTimeSinceTheLastRefresh_andThePresetBreachesOnceAndClearsOnce() throws Exception {
    CoreMetrics.builder(registry, db.dataSource()).financialSummaryView().maxStaleness(Duration.ZERO).bind();
    List<HealthReport.Result> changes = new CopyOnWriteArrayList<>();
    HealthReport health = HealthReport.builder(registry).checks(HealthPreset.checks()).listener(changes::add).build();
    sql("DELETE FROM strata_view_refresh");
    assertTrue(Double.isNaN(seconds("strata.view.age", "view", FinancialSummaryRefresher.VIEW)), "never refreshed");
    FinancialSummaryRefresher refresher = FinancialSummaryRefresher.create(db.dataSource());
    assertTrue(refresher.refreshNow());
    assertTrue(seconds("strata.view.age", "view", FinancialSummaryRefresher.VIEW) < 60);
    health.evaluate();
    sql("UPDATE strata_view_refresh SET refreshed_at = now() - interval '3 hours'");
    assertTrue(seconds("strata.view.age", "view", FinancialSummaryRefresher.VIEW) >= 3 * 3600);
    health.evaluate();
    health.evaluate();
    assertTrue(refresher.refreshNow());
    health.evaluate();
    assertEquals(List.of(true, false), changes.stream().map(HealthReport.Result::breached).toList());
    assertEquals(List.of("view.age", "view.age"), changes.stream().map(HealthReport.Result::check).toList());
  }

  @Test
  void eventFeedLag_countsEventsAfterTheConsumersCursor_andTheAgeOfTheOldest() throws Exception {
    AtomicReference<String> cursor = new AtomicReference<>();
    CoreMetrics.builder(registry, db.dataSource()).eventFeed("notifier", cursor::get).maxStaleness(Duration.ZERO).bind();
    Jdbi jdbi = StrataJdbi.create(db.dataSource());
    EventLog log = EventLog.of(jdbi);
    jdbi.useTransaction(h -> {
      for (int i = 1; i <= 3; i++) {
        log.append(h, null, EventStream.NOTIFICATION, i, "metrics.test", "{}");
      }
    });
    assertEquals(3, registry.get("strata.events.feed.behind").tag("consumer", "notifier").gauge().value());
    sql("UPDATE strata_event_log SET recorded_at = now() - interval '1 hour'");
    assertTrue(seconds("strata.events.feed.lag", "consumer", "notifier") >= 3600);
    EventPage page = log.feed(null, 2);
    assertEquals(2, page.events().size());
    cursor.set(page.cursor());
    assertEquals(1, registry.get("strata.events.feed.behind").tag("consumer", "notifier").gauge().value());
    cursor.set(log.feed(page.cursor(), 10).cursor());
    assertEquals(0, registry.get("strata.events.feed.behind").tag("consumer", "notifier").gauge().value());
    assertEquals(0, seconds("strata.events.feed.lag", "consumer", "notifier"));
  }

  @Test
  void gaugesReadTheDatabaseAtMostOncePerMaxStaleness() throws Exception {
    String topic = "metrics.stale";
    CoreMetrics.builder(registry, db.dataSource()).outbox(topic).maxStaleness(Duration.ofSeconds(10)).bind();
    assertEquals(0, jobs(topic, "pending"));
    try (Connection c = db.dataSource().getConnection()) {
      Outbox.builder(db.dataSource()).build().enqueue(c, topic, "x");
    }
    assertEquals(0, jobs(topic, "pending"), "read 0 s ago");
    clock.add(Duration.ofSeconds(10));
    assertEquals(1, jobs(topic, "pending"));
  }

  @Test
  void badArgumentsAreRejectedNamingThem() {
    assertThrows(IllegalStateException.class, () -> CoreMetrics.builder(registry, db.dataSource()).bind());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> CoreMetrics.builder(registry, db.dataSource()).outbox("a", "a")).getMessage().contains("topic"));
    assertTrue(assertThrows(NullPointerException.class,
        () -> CoreMetrics.builder(registry, null)).getMessage().contains("dataSource"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> CoreMetrics.builder(registry, db.dataSource()).maxStaleness(Duration.ofSeconds(-1))).getMessage().contains("maxStaleness"));
  }
}
