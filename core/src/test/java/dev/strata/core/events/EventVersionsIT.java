package dev.strata.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.StrataJdbi;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class EventVersionsIT {

  private static final OffsetDateTime T = OffsetDateTime.parse("2026-09-01T09:00:00Z");
  private static final int THREADS = 8;

  private static Jdbi jdbi;
  private static EventLog log;
  private static long venture;
  private static long owner;
  private static ExecutorService pool;

  @BeforeAll
  static void setUp(TestDatabase db) {
    StrataSchema.migrate(db.dataSource());
    DatasetGenerator.builder().seed(5).users(3).build().generate(db.dataSource());
    jdbi = StrataJdbi.create(db.dataSource());
    log = EventLog.of(jdbi);
    venture = jdbi.withHandle(h -> h.createQuery("SELECT min(id) FROM ventures").mapTo(Long.class).one());
    owner = jdbi.withHandle(h -> h.createQuery("SELECT user_id FROM ventures WHERE id = :v").bind("v", venture)
        .mapTo(Long.class).one());
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterAll
  static void tearDown() {
    pool.shutdownNow();
  }

  private static long newEvent(String title) {
    return jdbi.inTransaction(h -> CalendarWrites.create(h, venture, title, "meeting", T, T.plusHours(1)));
  }

  @Test
  void appendsCarryVersions_aStaleExpectedVersionIsAConflictNamingAggregateExpectedAndActual() {
    long id = newEvent("Versioned");
    assertEquals(1, log.version(EventStream.CALENDAR, id));
    boolean updated = jdbi.inTransaction(h -> CalendarWrites.update(h, id, 1, "Renamed", "review", T, T.plusHours(2)));
    boolean completed = jdbi.inTransaction(h -> CalendarWrites.complete(h, id, 2));
    boolean again = jdbi.inTransaction(h -> CalendarWrites.complete(h, id, 3));
    assertTrue(updated);
    assertTrue(completed);
    assertFalse(again, "already completed: nothing logged");
    assertEquals(3, log.version(EventStream.CALENDAR, id));

    VersionConflictException e = assertThrows(VersionConflictException.class,
        () -> jdbi.useTransaction(h -> CalendarWrites.update(h, id, 2, "Lost", "review", T, T)));
    assertEquals("version conflict on aggregate calendar/" + id + ": expected version 2, actual version 3", e.getMessage());
    assertEquals(3, e.actual());
    assertEquals("Renamed", jdbi.withHandle(h -> h.createQuery("SELECT title FROM calendar_events WHERE id = :id")
        .bind("id", id).mapTo(String.class).one()), "the conflicting update wrote nothing");
    assertEquals(List.of(1L, 2L, 3L), log.history(EventStream.CALENDAR, id).stream().map(LoggedEvent::version).toList());
    assertEquals(List.of("event_created", "event_updated", "event_completed"),
        log.history(EventStream.CALENDAR, id).stream().map(LoggedEvent::type).toList());
  }

  @Test
  void concurrentAppendsWithOneExpectedVersion_exactlyOneWinsPerVersion() throws Exception {
    long id = newEvent("Contended");
    for (int round = 0; round < 5; round++) {
      long expected = log.version(EventStream.CALENDAR, id);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> outcomes = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String title = "round " + round + " writer " + t;
        Callable<Boolean> writer = () -> {
          start.await();
          try {
            return jdbi.inTransaction(h -> CalendarWrites.update(h, id, expected, title, "meeting", T, T));
          } catch (VersionConflictException e) {
            assertEquals(expected, e.expected());
            assertEquals(expected + 1, e.actual());
            return false;
          }
        };
        outcomes.add(pool.submit(writer));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : outcomes) {
        wins += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertEquals(1, wins, "round " + round);
      assertEquals(expected + 1, log.version(EventStream.CALENDAR, id));
    }
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), log.history(EventStream.CALENDAR, id).stream().map(LoggedEvent::version).toList());
  }

  @Test
  void concurrentUnconditionalChanges_queue_noneIsLost() throws Exception {
    long id = newEvent("Queued");
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int days = t + 1;
      done.add(pool.submit(() -> {
        start.await();
        return jdbi.inTransaction(h -> CalendarWrites.reschedule(h, id, T.plusDays(days), T.plusDays(days)));
      }));
    }
    start.countDown();
    for (Future<Boolean> f : done) {
      assertTrue(f.get(60, TimeUnit.SECONDS));
    }
    List<LoggedEvent> history = log.history(EventStream.CALENDAR, id);
    assertEquals(THREADS + 1, history.size());
    for (int v = 1; v <= history.size(); v++) {
      assertEquals(v, history.get(v - 1).version());
    }
    assertEquals(THREADS + 1L, log.version(EventStream.CALENDAR, id));
  }

  /** The projection row (calendar: with completed_at when set) as canonical JSON text, null when absent. */
  private static String live(Handle h, EventStream s, long id) {
    String sql = s == EventStream.CALENDAR
        ? "SELECT CASE WHEN x.completed_at IS NULL THEN to_jsonb(c) "
            + "ELSE to_jsonb(c) || jsonb_build_object('completed_at', x.completed_at) END::text "
            + "FROM calendar_events c LEFT JOIN calendar_event_completions x ON x.event_id = c.id WHERE c.id = :id"
        : "SELECT to_jsonb(n)::text FROM notifications n WHERE n.id = :id";
    return h.createQuery(sql).bind("id", id).mapTo(String.class).findOne().orElse(null);
  }

  private record Agg(EventStream stream, long id) {}

  @Test
  void randomizedHistory_projectionEqualsTheFold_rebuildEqualsLive_rollbackRestoresTheStateAtN() {
    Random random = new Random(20260901);
    List<Agg> aggs = new ArrayList<>();
    Map<Agg, Map<Long, String>> snapshots = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      aggs.add(new Agg(EventStream.CALENDAR, newEvent("Random " + i)));
      long n = jdbi.inTransaction(h -> NotificationWrites.notify(h, owner, venture, "mention", "Random note"));
      aggs.add(new Agg(EventStream.NOTIFICATION, n));
    }
    for (Agg a : aggs) {
      snapshots.computeIfAbsent(a, k -> new HashMap<>()).put(1L, jdbi.withHandle(h -> live(h, a.stream(), a.id())));
    }
    for (int step = 0; step < 120; step++) {
      Agg a = aggs.get(random.nextInt(aggs.size()));
      int op = random.nextInt(6);
      int days = random.nextInt(30);
      int roll = random.nextInt(1_000);
      long v = jdbi.inTransaction(h -> {
        long at = Aggregates.version(h, a.stream(), a.id());
        if (op == 5 && at > 1) {
          log.rollback(h, a.stream(), a.id(), 1 + roll % (at - 1), at);
        } else if (a.stream() == EventStream.NOTIFICATION) {
          NotificationWrites.markRead(h, owner, a.id());
        } else if (op == 0) {
          CalendarWrites.reschedule(h, a.id(), T.plusDays(days), T.plusDays(days).plusHours(1));
        } else if (op == 1 || op == 2) {
          CalendarWrites.update(h, a.id(), at, "Title " + roll, op == 1 ? "meeting" : "review", T.minusDays(days), T);
        } else if (op == 3) {
          CalendarWrites.complete(h, a.id(), at);
        } else if (op == 4 && roll % 4 == 0) {
          CalendarWrites.cancel(h, a.id());
        }
        return Aggregates.version(h, a.stream(), a.id());
      });
      snapshots.get(a).put(v, jdbi.withHandle(h -> live(h, a.stream(), a.id())));
    }

    for (Agg a : aggs) { // the live projection after every version is the fold of the log up to it
      snapshots.get(a).forEach((version, row) ->
          assertEquals(row, log.stateAt(a.stream(), a.id(), version).orElse(null), a + " at version " + version));
    }
    Map<Agg, String> before = new HashMap<>();
    aggs.forEach(a -> before.put(a, jdbi.withHandle(h -> live(h, a.stream(), a.id()))));
    jdbi.useTransaction(h -> {
      h.execute("UPDATE calendar_events SET title = 'corrupted' WHERE id = ?", aggs.get(0).id());
      h.execute("DELETE FROM notifications WHERE id = ?", aggs.get(1).id());
      assertTrue(log.rebuildAll(h, EventStream.CALENDAR) >= 3);
      assertTrue(log.rebuildAll(h, EventStream.NOTIFICATION) >= 3);
    });
    aggs.forEach(a -> assertEquals(before.get(a), jdbi.withHandle(h -> live(h, a.stream(), a.id())), "rebuilt " + a));
    jdbi.useTransaction(h -> assertEquals(1, log.rebuild(h, aggs.get(2).stream(), aggs.get(2).id())));
    assertEquals(before.get(aggs.get(2)), jdbi.withHandle(h -> live(h, aggs.get(2).stream(), aggs.get(2).id())));

    for (Agg a : aggs) {
      long at = log.version(a.stream(), a.id());
      if (at < 2) {
        continue;
      }
      long n = 1 + random.nextInt((int) at - 1);
      List<LoggedEvent> historyBefore = log.history(a.stream(), a.id());
      long newVersion = jdbi.inTransaction(h -> log.rollback(h, a.stream(), a.id(), n, at));
      assertEquals(at + 1, newVersion);
      assertEquals(snapshots.get(a).get(n), jdbi.withHandle(h -> live(h, a.stream(), a.id())), a + " rolled back to " + n);
      List<LoggedEvent> historyAfter = log.history(a.stream(), a.id());
      assertEquals(historyBefore, historyAfter.subList(0, historyBefore.size()), "history is never deleted");
      assertTrue(historyAfter.get(historyAfter.size() - 1).type().endsWith("_reverted"));
    }
  }

  @Test
  void ventureTrail_listsTheVenturesEventsInOrder_pagedByLastId() {
    long e = newEvent("Trail");
    long n = jdbi.inTransaction(h -> NotificationWrites.notify(h, owner, venture, "mention", "Trail note"));
    List<LoggedEvent> all = new ArrayList<>();
    long after = 0;
    List<LoggedEvent> page;
    while (!(page = log.ventureTrail(venture, after, 2)).isEmpty()) {
      all.addAll(page);
      after = page.get(page.size() - 1).id();
    }
    assertTrue(all.stream().allMatch(ev -> ev.ventureId() == venture));
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i - 1).id() < all.get(i).id());
    }
    assertTrue(all.stream().anyMatch(ev -> ev.stream() == EventStream.CALENDAR && ev.entityId() == e));
    assertTrue(all.stream().anyMatch(ev -> ev.stream() == EventStream.NOTIFICATION && ev.entityId() == n));
  }

  @Test
  void badInput_namesTheArgumentTheRuleAndTheValue() {
    long id = newEvent("Bad input");
    assertEquals("toVersion must be in 1..expectedVersion-1 (0), was: 1", assertThrows(IllegalArgumentException.class,
        () -> jdbi.useTransaction(h -> log.rollback(h, EventStream.CALENDAR, id, 1, 1))).getMessage());
    assertEquals("expectedVersion must be >= 0, was: -1", assertThrows(IllegalArgumentException.class,
        () -> jdbi.useTransaction(h -> log.append(h, venture, EventStream.CALENDAR, id, -1, "probe.x", "{}"))).getMessage());
    assertEquals("afterId must be >= 0, was: -5", assertThrows(IllegalArgumentException.class,
        () -> log.ventureTrail(venture, -5, 10)).getMessage());
    long generated = jdbi.withHandle(h -> h.createQuery("SELECT min(id) FROM calendar_events").mapTo(Long.class).one());
    jdbi.useTransaction(h -> CalendarWrites.reschedule(h, generated, T, T)); // a bulk-loaded row: no creation event
    jdbi.useTransaction(h -> CalendarWrites.reschedule(h, generated, T, T.plusHours(1)));
    assertThrows(IllegalStateException.class,
        () -> jdbi.useTransaction(h -> log.rollback(h, EventStream.CALENDAR, generated, 1, 2)));
    int rebuilt = jdbi.inTransaction(h -> log.rebuild(h, EventStream.CALENDAR, generated));
    assertEquals(0, rebuilt, "left alone");
    int rows = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM calendar_events WHERE id = :id")
        .bind("id", generated).mapTo(Integer.class).one());
    assertEquals(1, rows);
  }
}
