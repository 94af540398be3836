package dev.strata.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.core.StrataJdbi;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class EventLogIT {

  private static Jdbi jdbi;
  private static EventLog log;
  private static long venture;
  private static long owner;
  /** Transaction ids one DO block consumes; more would grow one transaction's subtransaction state without need. */
  private static final long BURN_BATCH = 100_000;
  /** The farthest a power of ten may be for the boundary test to burn its way there (a few seconds). */
  private static final long MAX_BURN = 1_000_000;
  private static final OffsetDateTime T = OffsetDateTime.parse("2026-07-01T09:00:00Z");

  @BeforeAll
  static void setUp(TestDatabase db) {
    StrataSchema.migrate(db.dataSource());
    DatasetGenerator.builder().seed(3).users(5).build().generate(db.dataSource());
    jdbi = StrataJdbi.create(db.dataSource());
    log = EventLog.of(jdbi);
    venture = jdbi.withHandle(h -> h.createQuery("SELECT min(id) FROM ventures").mapTo(Long.class).one());
    owner = jdbi.withHandle(h -> h.createQuery("SELECT user_id FROM ventures WHERE id = :v").bind("v", venture)
        .mapTo(Long.class).one());
  }

  @Test
  void calendarChangesAreLoggedWithTheRowAndRolledBackWithIt() {
    long id = jdbi.inTransaction(h -> CalendarWrites.create(h, venture, "Launch", "milestone", T, T.plusHours(2)));
    assertTrue(inTx(h -> CalendarWrites.reschedule(h, id, T.plusDays(1), T.plusDays(1).plusHours(2))));
    assertTrue(inTx(h -> CalendarWrites.cancel(h, id)));
    assertFalse(inTx(h -> CalendarWrites.cancel(h, id)), "nothing left to cancel");

    List<LoggedEvent> history = log.history(EventStream.CALENDAR, id);
    assertEquals(List.of("event_created", "event_rescheduled", "event_cancelled"),
        history.stream().map(LoggedEvent::type).toList());
    assertTrue(history.get(0).payload().contains("\"title\": \"Launch\""), history.get(0).payload());
    assertTrue(history.get(1).payload().contains("2026-07-02"), history.get(1).payload());
    assertEquals(venture, history.get(2).ventureId());
    assertEquals(0, count("SELECT count(*) FROM calendar_events WHERE id = " + id), "the table keeps the current state");

    long[] rolledBack = new long[1];
    assertThrows(IllegalStateException.class, () -> jdbi.useTransaction(h -> {
      rolledBack[0] = CalendarWrites.create(h, venture, "Never", "meeting", T, T);
      throw new IllegalStateException("abort");
    }));
    assertEquals(0, count("SELECT count(*) FROM calendar_events WHERE id = " + rolledBack[0]));
    assertEquals(List.of(), log.history(EventStream.CALENDAR, rolledBack[0]), "no event without its change");
  }

  @Test
  void notificationsAreLoggedOncePerChange() {
    long n = jdbi.inTransaction(h -> NotificationWrites.notify(h, owner, venture, "mention", "You were mentioned"));
    long other = owner + 1;
    assertFalse(inTx(h -> NotificationWrites.markRead(h, other, n)), "not theirs");
    assertTrue(inTx(h -> NotificationWrites.markRead(h, owner, n)));
    assertFalse(inTx(h -> NotificationWrites.markRead(h, owner, n)), "already read");
    assertEquals(List.of("notification_created", "notification_read"),
        log.history(EventStream.NOTIFICATION, n).stream().map(LoggedEvent::type).toList());
    long global = jdbi.inTransaction(h -> NotificationWrites.notify(h, owner, null, "system", "Maintenance tonight"));
    assertEquals(null, log.history(EventStream.NOTIFICATION, global).get(0).ventureId());
  }

  @Test
  void theFeedNeverSkipsAnEventThatCommitsLate() {
    String cursor = drain(null, new ArrayList<>());
    try (Handle early = jdbi.open(); Handle late = jdbi.open()) {
      early.begin();
      long first = log.append(early, venture, EventStream.CALENDAR, 1, "probe.early", "{}");
      late.begin();
      // another aggregate: appends to one aggregate queue on its version lock
      long second = log.append(late, venture, EventStream.CALENDAR, 2, "probe.late", "{}");
      late.commit();
      assertTrue(first < second, "the early transaction took the lower id");
      // a reader following "id > last id" would now see `second`, move past it, and never see `first`
      assertEquals(1, count("SELECT count(*) FROM strata_event_log WHERE id = " + second));

      EventPage whileOpen = log.feed(cursor, 100);
      assertEquals(List.of(), whileOpen.events(), "nothing newer than a running transaction is handed out");
      early.commit();
      List<LoggedEvent> seen = new ArrayList<>();
      drain(whileOpen.cursor(), seen);
      assertEquals(List.of(first, second), seen.stream().map(LoggedEvent::id).toList());
    }
  }

  @Test
  void concurrentWritersAndAFollowingReaderSeeEveryEventExactlyOnce() throws Exception {
    writeConcurrentlyWhileAReaderFollows();
  }

  @Test
  void concurrentWritersAcrossAPowerOfTenTransactionId_followingReaderSeesEveryEventExactlyOnce() throws Exception {
    // The writers' transaction ids straddle a power of ten (999 -> 1000, 9999 -> 10000): an ordering
    // of the feed by the ids' text, not their value, hands events out twice there (it once did).
    long power = burnTransactionIdsToJustBelowAPowerOfTen(100);
    writeConcurrentlyWhileAReaderFollows();
    long after = currentXid();
    assertTrue(after > power, "the writers' transaction ids crossed " + power + " (next id " + after + ")");
  }

  private static void writeConcurrentlyWhileAReaderFollows() throws Exception {
    String start = drain(null, new ArrayList<>());
    Set<Long> written = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      writers.add(pool.submit(() -> {
        for (int t = 0; t < 60; t++) {
          jdbi.useTransaction(h -> {
            int n = 1 + ThreadLocalRandom.current().nextInt(3);
            for (int i = 0; i < n; i++) {
              written.add(log.append(h, venture, EventStream.NOTIFICATION, 1 + i, "probe.concurrent", "{}"));
              if (ThreadLocalRandom.current().nextInt(4) == 0) {
                Thread.sleep(ThreadLocalRandom.current().nextInt(3)); // commits land out of id order
              }
            }
          });
        }
        return null;
      }));
    }
    List<LoggedEvent> seen = new ArrayList<>();
    String cursor = start;
    while (!writers.stream().allMatch(Future::isDone)) {
      EventPage page = log.feed(cursor, 17);
      seen.addAll(page.events());
      cursor = page.cursor();
    }
    for (Future<?> w : writers) {
      w.get();
    }
    pool.shutdown();
    drain(cursor, seen);
    List<Long> ids = seen.stream().filter(e -> e.type().equals("probe.concurrent")).map(LoggedEvent::id).toList();
    assertEquals(ids.size(), new HashSet<>(ids).size(), "no event handed out twice");
    assertEquals(written, new HashSet<>(ids), "every committed event handed out");
  }

  @Test
  void badInputNamesTheArgument() {
    assertMessage(() -> log.feed(null, 0), "limit must be in 1..1000");
    assertMessage(() -> log.feed(null, 1001), "limit must be in 1..1000");
    assertMessage(() -> log.feed("not-a-cursor", 10), "cursor must be a cursor returned by EventLog.feed");
    assertEquals("stream must not be null", assertThrows(NullPointerException.class, () -> log.history(null, 1)).getMessage());
    assertMessage(() -> log.history(EventStream.CALENDAR, 0), "entityId must be a positive id");
    assertMessage(() -> jdbi.withHandle(h -> log.append(h, venture, EventStream.CALENDAR, 1, "Bad Type", "{}")), "type must be");
    assertMessage(() -> jdbi.withHandle(h -> CalendarWrites.create(h, venture, " ", "k", T, T)), "title must not be blank");
    assertMessage(() -> jdbi.withHandle(h -> CalendarWrites.create(h, venture, "t", "k", T, T.minusSeconds(1))),
        "end must not be before start");
    assertMessage(() -> jdbi.withHandle(h -> NotificationWrites.markRead(h, owner, -1)), "notificationId must be a positive id");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  /**
   * Consumes transaction ids (one subtransaction each, in batches of {@value #BURN_BATCH} per
   * transaction) until the next one is {@code margin} below a power of ten, and returns that power.
   * Skips the calling test, saying why, when the boundary is more than {@value #MAX_BURN} ids away
   * (a long-lived external server).
   */
  private static long burnTransactionIdsToJustBelowAPowerOfTen(int margin) {
    long current = currentXid();
    long power = 10;
    while (power <= current + margin) {
      power *= 10;
    }
    long burn = power - margin - current;
    assumeTrue(burn <= MAX_BURN, "skipped: the next power-of-ten transaction id (" + power + ") is " + burn
        + " ids away from " + current + ", more than the " + MAX_BURN + " this test burns");
    jdbi.useHandle(h -> {
      h.execute("CREATE TEMP TABLE IF NOT EXISTS xid_burn (n int)");
      for (long left = burn; left > 0; left -= BURN_BATCH) { // each DO block commits on its own (autocommit)
        h.execute("DO $$ BEGIN FOR i IN 1.." + Math.min(left, BURN_BATCH) + " LOOP BEGIN INSERT INTO xid_burn VALUES (i); "
            + "RAISE EXCEPTION 'undo'; EXCEPTION WHEN raise_exception THEN NULL; END; END LOOP; END $$");
      }
    });
    long after = currentXid();
    assertTrue(after < power && after >= power - margin - 5, "xid " + after + " just below " + power);
    return power;
  }

  private static long currentXid() {
    return jdbi.withHandle(h -> h.createQuery("SELECT pg_current_xact_id()::text").mapTo(Long.class).one());
  }

  /** Reads the feed to its current end, appending to {@code into}; returns the cursor to continue from. */
  private static String drain(String cursor, List<LoggedEvent> into) {
    while (true) {
      EventPage page = log.feed(cursor, 100);
      into.addAll(page.events());
      cursor = page.cursor();
      if (page.events().isEmpty()) {
        return cursor;
      }
    }
  }

  private static boolean inTx(org.jdbi.v3.core.HandleCallback<Boolean, RuntimeException> callback) {
    return jdbi.inTransaction(callback);
  }

  private static long count(String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
