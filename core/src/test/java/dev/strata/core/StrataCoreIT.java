package dev.strata.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.content.ContentCreated;
import dev.strata.core.content.ContentWorkflow;
import dev.strata.core.content.NewContent;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.events.EventStream;
import dev.strata.core.events.LoggedEvent;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.outbox.OutboxMessage;
import dev.strata.core.tx.ChangeSet;
import dev.strata.core.tx.Committed;
import dev.strata.core.tx.Transactor;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class StrataCoreIT {

  private static final int MIGRATIONS = 8;

  @Test
  void built_withMigrate_appliesTheSchemaOnce_andEveryPartWorksOnIt(TestDatabase db) {
    List<ChangeSet> commits = new ArrayList<>();
    Transactor tx = Transactor.builder().afterEveryCommit(commits::add).build();
    StrataCore core = StrataCore.builder(db.dataSource()).migrate().transactor(tx).contentCollection("drafts").build();
    assertEquals(MIGRATIONS, core.migrationsApplied());
    assertSame(tx, core.transactor());
    assertEquals(0, StrataCore.builder(db.dataSource()).migrate().build().migrationsApplied(), "a current schema is left alone");
    assertEquals(0, StrataCore.builder(db.dataSource()).build().migrationsApplied(), "no migration unless asked");

    DatasetGenerator.builder().seed(5).users(3).build().generate(core.dataSource());
    long venture = core.jdbi().withHandle(h -> h.createQuery("SELECT min(id) FROM ventures WHERE is_active").mapTo(Long.class).one());
    long owner = core.jdbi().withHandle(h -> h.createQuery("SELECT user_id FROM ventures WHERE id = " + venture).mapTo(Long.class).one());

    assertTrue(core.dashboards().load(owner, LocalDate.of(2026, 6, 1), DatasetGenerator.DEFAULT_BASE_TIME).ventures().stream()
        .anyMatch(v -> v.venture().id() == venture), "the owner's dashboard shows the venture");
    assertEquals(core.finance().monthlyLive(venture, YearMonth.of(2025, 6), YearMonth.of(2026, 6)),
        core.finance().monthlyHybrid(venture, YearMonth.of(2025, 6), YearMonth.of(2026, 6), YearMonth.of(2026, 6)));
    assertTrue(core.context().unreadCount(owner) >= 0);

    Committed<ContentCreated> created = core.content().create(
        new NewContent(venture, "Launch", "We launch on Monday", OffsetDateTime.parse("2026-08-03T10:00:00Z"), List.of()));
    assertEquals(List.of("event_created"),
        core.eventLog().history(EventStream.CALENDAR, created.value().calendarEventId()).stream().map(LoggedEvent::type).toList());
    List<OutboxMessage> jobs = core.outbox().claim(ContentWorkflow.INDEX_TOPIC, 10, Duration.ofMinutes(1));
    assertEquals(1, jobs.size(), "the workflow enqueued on the outbox the host drains");
    assertTrue(jobs.get(0).payload().replace(" ", "").contains("\"collection\":\"drafts\""), jobs.get(0).payload());
    assertEquals(List.of(created.changes()), commits, "the workflow committed through the given transactor");
  }

  @Test
  void givenOutbox_isTheOneUsed_andMigrateTakesASchema(TestDatabase db) {
    Outbox outbox = Outbox.builder(db.dataSource()).initialBackoff(Duration.ofMillis(100)).build();
    StrataCore core = StrataCore.builder(db.dataSource()).migrate("strata_core_it").outbox(outbox).build();
    assertSame(outbox, core.outbox());
    assertEquals(MIGRATIONS, core.migrationsApplied());
    assertEquals("strata_core_it", core.jdbi().withHandle(h ->
        h.createQuery("SELECT nspname FROM pg_namespace WHERE nspname = 'strata_core_it'").mapTo(String.class).one()));
  }

  @Test
  void builder_rejectsRepeatsNullsAndBadValues_beforeAnySideEffect(TestDatabase db) {
    StrataCore.Builder b = StrataCore.builder(db.dataSource()).migrate().contentCollection("c");
    assertEquals("migrate was already set on this builder",
        assertThrows(IllegalStateException.class, () -> b.migrate("other")).getMessage());
    assertEquals("contentCollection was already set on this builder",
        assertThrows(IllegalStateException.class, () -> b.contentCollection("c")).getMessage());
    Transactor tx = Transactor.builder().build();
    StrataCore.Builder withTx = StrataCore.builder(db.dataSource()).transactor(tx);
    assertEquals("transactor was already set on this builder",
        assertThrows(IllegalStateException.class, () -> withTx.transactor(tx)).getMessage());
    Outbox outbox = Outbox.builder(db.dataSource()).build();
    StrataCore.Builder withOutbox = StrataCore.builder(db.dataSource()).outbox(outbox);
    assertEquals("outbox was already set on this builder",
        assertThrows(IllegalStateException.class, () -> withOutbox.outbox(outbox)).getMessage());

    assertEquals("dataSource must not be null", assertThrows(NullPointerException.class, () -> StrataCore.builder(null)).getMessage());
    StrataCore.Builder fresh = StrataCore.builder(db.dataSource());
    assertEquals("schema must not be null", assertThrows(NullPointerException.class, () -> fresh.migrate(null)).getMessage());
    assertEquals("outbox must not be null", assertThrows(NullPointerException.class, () -> fresh.outbox(null)).getMessage());
    assertEquals("transactor must not be null", assertThrows(NullPointerException.class, () -> fresh.transactor(null)).getMessage());
    assertEquals("collection must not be null", assertThrows(NullPointerException.class, () -> fresh.contentCollection(null)).getMessage());
    assertEquals("schema must be a lower-case SQL identifier of at most 63 characters, was: Bad-Schema",
        assertThrows(IllegalArgumentException.class, () -> fresh.migrate("Bad-Schema")).getMessage());
    assertEquals("collection must be 1..200 characters of [A-Za-z0-9_-], was: 'a b'",
        assertThrows(IllegalArgumentException.class, () -> fresh.contentCollection("a b")).getMessage());
    // the rejected values were not taken: each option can still be set once
    fresh.migrate("strata_core_rejects").contentCollection("ok");
  }
}
