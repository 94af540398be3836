package dev.strata.core.outbox;

import static dev.strata.core.Sql.exec;
import static dev.strata.core.Sql.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.StrataJdbi;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class OutboxIT {

  static Outbox outbox;
  static TestDatabase db;

  @BeforeAll
  static void schema(TestDatabase database) {
    db = database;
    StrataSchema.migrate(db.dataSource());
    outbox = Outbox.builder(db.dataSource()).initialBackoff(Duration.ofMillis(400)).maxBackoff(Duration.ofSeconds(2)).build();
  }

  @BeforeEach
  void empty() throws Exception {
    exec(db.dataSource(), "DELETE FROM strata_outbox");
  }

  @Test
  void enqueue_isPartOfTheCallersTransaction() throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      outbox.enqueue(c, "t", "rolled back");
      c.rollback();
      outbox.enqueue(c, "t", "committed");
      assertEquals(0, outbox.pending("t"), "not visible before commit");
      c.commit();
    }
    StrataJdbi.create(db.dataSource()).useTransaction(h -> outbox.enqueue(h, "t", "via jdbi"));
    List<OutboxMessage> claimed = outbox.claim("t", 10, Duration.ofMinutes(1));
    assertEquals(List.of("committed", "via jdbi"), claimed.stream().map(OutboxMessage::payload).toList());
    assertEquals(1, claimed.get(0).attempts());
  }

  @Test
  void concurrentWorkers_skipLocked_everyJobHandledExactlyOnce() throws Exception {
    int jobs = 400;
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      for (int i = 0; i < jobs; i++) {
        outbox.enqueue(c, "work", Integer.toString(i));
      }
      c.commit();
    }
    Set<String> handled = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        workers.add(pool.submit(() -> {
          int mine = 0;
          List<OutboxMessage> batch;
          while (!(batch = outbox.claim("work", 7, Duration.ofMinutes(1))).isEmpty()) {
            for (OutboxMessage m : batch) {
              if (!handled.add(m.payload())) {
                duplicates.incrementAndGet();
              }
              assertTrue(outbox.complete(m));
              mine++;
            }
          }
          return mine;
        }));
      }
      int total = 0;
      for (Future<Integer> f : workers) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertEquals(jobs, total);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, duplicates.get());
    assertEquals(jobs, handled.size());
    assertEquals(0, outbox.pending("work"));
  }

  @Test
  void retryLater_backsOff_thenClaimableAgain_withAttemptsCounted() throws Exception {
    enqueueOne("r", "job");
    OutboxMessage first = outbox.claim("r", 1, Duration.ofMinutes(1)).get(0);
    assertTrue(outbox.retryLater(first, "qdrant down"));
    assertEquals(List.of(), outbox.claim("r", 1, Duration.ofMinutes(1)), "backing off");
    assertEquals("qdrant down", scalar(db.dataSource(), "SELECT last_error FROM strata_outbox"));
    double delayMs = Double.parseDouble(scalar(db.dataSource(),
        "SELECT extract(epoch FROM available_at - now()) * 1000 FROM strata_outbox"));
    assertTrue(delayMs > 0 && delayMs <= 400, "first backoff within 200..400 ms, was " + delayMs);
    exec(db.dataSource(), "UPDATE strata_outbox SET available_at = now()");
    OutboxMessage second = outbox.claim("r", 1, Duration.ofMinutes(1)).get(0);
    assertEquals(2, second.attempts());
    assertEquals(first.id(), second.id());
    assertTrue(outbox.complete(second));
    assertEquals(0, outbox.pending("r"));
  }

  @Test
  void backoff_doublesUpToTheCap() {
    for (int i = 0; i < 50; i++) {
      long b1 = outbox.backoffMillis(1);
      long b3 = outbox.backoffMillis(3);
      long b10 = outbox.backoffMillis(10);
      assertTrue(b1 >= 200 && b1 <= 400, "b1 " + b1);
      assertTrue(b3 >= 800 && b3 <= 1600, "b3 " + b3);
      assertTrue(b10 >= 1000 && b10 <= 2000, "b10 " + b10);
    }
  }

  @Test
  void expiredLease_jobComesBack_andTheStaleClaimCannotFinishIt() throws Exception {
    enqueueOne("l", "job");
    OutboxMessage stale = outbox.claim("l", 1, Duration.ofMillis(1)).get(0);
    Thread.sleep(20);
    OutboxMessage fresh = outbox.claim("l", 1, Duration.ofMinutes(1)).get(0);
    assertEquals(stale.id(), fresh.id());
    assertEquals(2, fresh.attempts());
    assertFalse(outbox.complete(stale));
    assertFalse(outbox.retryLater(stale, "late"));
    assertEquals(1, outbox.pending("l"));
    assertTrue(outbox.complete(fresh));
  }

  @Test
  void completeBatch_oneStatement_deletesTheHeldJobs_leavesAnExpiredAndReclaimedOne() throws Exception {
    for (int i = 0; i < 3; i++) {
      enqueueOne("batch", "job " + i);
    }
    List<OutboxMessage> held = outbox.claim("batch", 2, Duration.ofMinutes(1));
    enqueueOne("other", "another topic");
    OutboxMessage otherTopic = outbox.claim("other", 1, Duration.ofMinutes(1)).get(0);
    List<OutboxMessage> stale = outbox.claim("batch", 1, Duration.ofMillis(1));
    List<OutboxMessage> fresh = new ArrayList<>();
    Eventually.within(Duration.ofSeconds(30), "the 1 ms lease expiring and the job claimed again",
        () -> fresh.addAll(outbox.claim("batch", 1, Duration.ofMinutes(1))));
    assertEquals(stale.get(0).id(), fresh.get(0).id());

    List<OutboxMessage> batch = List.of(held.get(0), stale.get(0), otherTopic, held.get(1));
    assertEquals(List.of(held.get(0), otherTopic, held.get(1)), outbox.complete(batch), "the jobs still held, in order");
    assertEquals(1, outbox.pending("batch"), "the re-claimed job is left alone");
    assertEquals(0, outbox.pending("other"));
    assertEquals(List.of(), outbox.complete(batch), "completing again does nothing");
    assertEquals(List.of(fresh.get(0)), outbox.complete(List.of(stale.get(0), fresh.get(0))), "only the new claim finishes it");
    assertEquals(0, outbox.pending("batch"));
    assertEquals(List.of(), outbox.complete(List.of()));
    List<OutboxMessage> withNull = new ArrayList<>(held);
    withNull.add(null);
    assertEquals("messages[2] must not be null", assertThrows(NullPointerException.class, () -> outbox.complete(withNull))
        .getMessage());
  }

  @Test
  void deadLetter_keptButNeverClaimed() throws Exception {
    enqueueOne("d", "poison");
    OutboxMessage m = outbox.claim("d", 1, Duration.ofMinutes(1)).get(0);
    assertTrue(outbox.deadLetter(m, "malformed payload"));
    exec(db.dataSource(), "UPDATE strata_outbox SET available_at = now() - interval '1 hour'");
    assertEquals(List.of(), outbox.claim("d", 10, Duration.ofMinutes(1)));
    assertEquals(0, outbox.pending("d"));
    assertEquals(1, outbox.dead("d"));
  }

  @Test
  void topicsAreSeparate() throws Exception {
    enqueueOne("a", "1");
    enqueueOne("b", "2");
    assertEquals(List.of("2"), outbox.claim("b", 10, Duration.ofMinutes(1)).stream().map(OutboxMessage::payload).toList());
    assertEquals(1, outbox.pending("a"));
  }

  @Test
  void badArguments_namedInTheMessage() throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      assertTrue(assertThrows(IllegalArgumentException.class, () -> outbox.enqueue(c, "Bad Topic", "x")).getMessage()
          .startsWith("topic must be"));
      assertEquals("payload must not be null", assertThrows(NullPointerException.class,
          () -> outbox.enqueue(c, "t", null)).getMessage());
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> outbox.claim("t", 0, Duration.ofSeconds(1))).getMessage()
        .startsWith("max must be in 1..1000"));
    assertThrows(IllegalArgumentException.class, () -> outbox.claim("t", 1, Duration.ZERO));
    assertThrows(IllegalStateException.class,
        () -> Outbox.builder(db.dataSource()).initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)).build());
    assertEquals("initialBackoff was already set on this builder", assertThrows(IllegalStateException.class,
        () -> Outbox.builder(db.dataSource()).initialBackoff(Duration.ofSeconds(1)).initialBackoff(Duration.ofSeconds(2)))
        .getMessage());
  }

  private static void enqueueOne(String topic, String payload) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      outbox.enqueue(c, topic, payload);
    }
  }
}
