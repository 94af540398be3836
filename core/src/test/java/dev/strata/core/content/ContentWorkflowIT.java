package dev.strata.core.content;

import static dev.strata.core.Sql.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.StrataJdbi;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.Notification;
import dev.strata.core.events.EventLog;
import dev.strata.core.events.EventStream;
import dev.strata.core.events.LoggedEvent;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.schema.StrataSchema;
import dev.strata.core.tx.ChangeSet;
import dev.strata.core.tx.Committed;
import dev.strata.core.tx.TokenCapture;
import dev.strata.core.tx.Transactor;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(PostgresExtension.class)
class ContentWorkflowIT {

  private static final OffsetDateTime AT = OffsetDateTime.parse("2026-08-03T10:00:00Z");
  private static final String COUNTS = """
      SELECT (SELECT count(*) FROM content_drafts) || '/' || (SELECT count(*) FROM calendar_events) || '/'
          || (SELECT count(*) FROM notifications) || '/' || (SELECT count(*) FROM content_asset_usage) || '/'
          || (SELECT count(*) FROM strata_outbox) || '/' || (SELECT count(*) FROM strata_event_log) || '/'
          || (SELECT count(*) FROM strata_event_heads)""";

  private static TestDatabase db;
  private static DataSource ds;
  private static Jdbi jdbi;
  private static Outbox outbox;
  private static long venture;
  private static long owner;
  private static List<Long> assets;
  private static long foreignAsset;

  @BeforeAll
  static void setUp(TestDatabase database) {
    db = database;
    ds = db.dataSource();
    StrataSchema.migrate(ds);
    DatasetGenerator.builder().seed(11).users(4).build().generate(ds);
    jdbi = StrataJdbi.create(ds);
    outbox = Outbox.builder(ds).build();
    venture = jdbi.withHandle(h -> h.createQuery("SELECT min(venture_id) FROM shared_assets").mapTo(Long.class).one());
    owner = jdbi.withHandle(h -> h.createQuery("SELECT user_id FROM ventures WHERE id = :v").bind("v", venture)
        .mapTo(Long.class).one());
    assets = jdbi.withHandle(h -> h.createQuery("SELECT id FROM shared_assets WHERE venture_id = :v ORDER BY id LIMIT 2")
        .bind("v", venture).mapTo(Long.class).list());
    foreignAsset = jdbi.withHandle(h -> h.createQuery("SELECT min(id) FROM shared_assets WHERE venture_id <> :v")
        .bind("v", venture).mapTo(Long.class).one());
  }

  private static String counts() {
    try {
      return scalar(ds, COUNTS);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static NewContent content(String title) {
    return new NewContent(venture, title, "Body of \"" + title + "\"\nwith a line break and a \\ backslash", AT, assets);
  }

  /** Every table the one statement inserts into: a failure on any of them aborts the whole statement. */
  @ParameterizedTest
  @ValueSource(strings = {"content_drafts", "calendar_events", "notifications", "strata_event_heads", "strata_event_log",
      "content_asset_usage", "strata_outbox"})
  void create_failureInsideTheStatement_onAnyTable_writesNothing_andRunsNoAfterCommitListener(String table) {
    assertFailsAndWritesNothing(table, "BEFORE INSERT ON " + table + " FOR EACH ROW");
  }

  /** A deferred constraint trigger fires after the statement, at COMMIT: the commit fails and rolls back. */
  @ParameterizedTest
  @ValueSource(strings = {"content_drafts", "strata_outbox"})
  void create_failureAfterTheStatement_atCommit_writesNothing_andRunsNoAfterCommitListener(String table) {
    assertFailsAndWritesNothing(table, "AFTER INSERT ON " + table + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW");
  }

  private static void assertFailsAndWritesNothing(String table, String when) {
    List<ChangeSet> committed = new ArrayList<>();
    ContentWorkflow workflow = ContentWorkflow.builder(jdbi, outbox)
        .transactor(Transactor.builder().afterEveryCommit(committed::add).build()).build();
    String constraint = when.contains("DEFERRED") ? "CONSTRAINT " : "";
    jdbi.useHandle(h -> h.execute("CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + "RAISE EXCEPTION 'injected on %', TG_TABLE_NAME; END $$; "
        + "CREATE " + constraint + "TRIGGER fail_insert " + when + " EXECUTE FUNCTION fail_insert()"));
    try {
      String before = counts();
      RuntimeException e = assertThrows(RuntimeException.class, () -> workflow.create(content("fails on " + table)));
      String messages = "";
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages += t.getMessage() + " / ";
      }
      assertTrue(messages.contains("injected on " + table), messages);
      assertEquals(before, counts(), "drafts/events/notifications/asset usage/outbox/event log/heads");
      assertEquals(List.of(), committed, "no after-commit listener ran (nothing to invalidate)");
    } finally {
      jdbi.useHandle(h -> h.execute("DROP TRIGGER fail_insert ON " + table + "; DROP FUNCTION fail_insert()"));
    }
    // the trigger gone, the same workflow writes
    workflow.create(content("after failing on " + table));
    assertEquals(1, committed.size());
  }

  @Test
  void create_commitsEveryStep_changeSetNamesExactlyOwnerAndVenture_tokenIsSeenByTheReplica() throws Exception {
    List<ChangeSet> committed = new ArrayList<>();
    Transactor tx = Transactor.builder().tokenCapture(TokenCapture.walInsertLsn()).afterEveryCommit(committed::add).build();
    ContentWorkflow workflow = ContentWorkflow.builder(jdbi, outbox).transactor(tx).build();

    Committed<ContentCreated> r = workflow.create(content("Launch post"));
    ContentCreated ids = r.value();

    assertEquals(Set.of(owner), r.changes().users());
    assertEquals(Map.of(venture, owner), r.changes().ventureOwners());
    assertEquals(Set.of(ids.draftId()), r.changes().entities().get("content_drafts"));
    assertEquals(List.of(r.changes()), committed);
    assertEquals("Launch post|draft", scalar(ds, "SELECT title || '|' || status FROM content_drafts WHERE id = " + ids.draftId()));
    assertEquals("content|" + venture, scalar(ds, "SELECT kind || '|' || venture_id FROM calendar_events WHERE id = "
        + ids.calendarEventId()));
    assertEquals(owner + "|content_scheduled|false", scalar(ds, "SELECT user_id || '|' || kind || '|' || read "
        + "FROM notifications WHERE id = " + ids.notificationId()));
    assertEquals(assets.toString().replace(" ", ""), "[" + scalar(ds, "SELECT string_agg(asset_id::text, ',' ORDER BY asset_id) "
        + "FROM content_asset_usage WHERE draft_id = " + ids.draftId()) + "]");
    EventLog log = EventLog.of(jdbi);
    assertEquals(List.of("event_created"), log.history(EventStream.CALENDAR, ids.calendarEventId()).stream()
        .map(LoggedEvent::type).toList());
    assertEquals(List.of("notification_created"), log.history(EventStream.NOTIFICATION, ids.notificationId()).stream()
        .map(LoggedEvent::type).toList());

    // the job is the JSON strata-vector's indexer decodes (version 1), text escaped intact
    String job = "(SELECT payload::jsonb AS j FROM strata_outbox WHERE id = " + ids.indexJobId() + ") x";
    assertEquals("strata.vector.index", scalar(ds, "SELECT topic FROM strata_outbox WHERE id = " + ids.indexJobId()));
    assertEquals("1|" + venture + "|content_embeddings|content_drafts/" + ids.draftId() + "|" + ids.draftId(),
        scalar(ds, "SELECT concat_ws('|', j->>'v', j->>'venture', j->>'collection', j->>'key', j->'payload'->>'draft_id') FROM " + job));
    assertEquals(content("Launch post").body(), scalar(ds, "SELECT j->>'text' FROM " + job));

    // the token is past the commit: once the replica has replayed to it, the replica has every row
    String token = r.token().orElseThrow();
    Eventually.within(Duration.ofSeconds(30), "the replica replaying to " + token,
        () -> "t".equals(scalar(db.replicaDataSource(), "SELECT pg_last_wal_replay_lsn() >= '" + token + "'::pg_lsn")));
    assertEquals("1/1/1/2/1", scalar(db.replicaDataSource(), "SELECT concat_ws('/', "
        + "(SELECT count(*) FROM content_drafts WHERE id = " + ids.draftId() + "), "
        + "(SELECT count(*) FROM calendar_events WHERE id = " + ids.calendarEventId() + "), "
        + "(SELECT count(*) FROM notifications WHERE id = " + ids.notificationId() + "), "
        + "(SELECT count(*) FROM content_asset_usage WHERE draft_id = " + ids.draftId() + "), "
        + "(SELECT count(*) FROM strata_outbox WHERE id = " + ids.indexJobId() + "))"));
  }

  @Test
  void create_returnsTheInsertedRows_exactlyAsALaterSelectMapsThem() {
    ContentCreated c = ContentWorkflow.builder(jdbi, outbox).build().create(content("Rows returned")).value();

    assertEquals(owner, c.ownerId());
    assertEquals(jdbi.withHandle(h -> h.createQuery("SELECT * FROM content_drafts WHERE id = :id").bind("id", c.draftId())
        .mapTo(ContentDraft.class).one()), c.draft());
    assertEquals(jdbi.withHandle(h -> h.createQuery("SELECT * FROM calendar_events WHERE id = :id")
        .bind("id", c.calendarEventId()).mapTo(CalendarEvent.class).one()), c.calendarEvent());
    assertEquals(jdbi.withHandle(h -> h.createQuery("SELECT * FROM notifications WHERE id = :id")
        .bind("id", c.notificationId()).mapTo(Notification.class).one()), c.notification());
    assertEquals("Rows returned", c.draft().title());
    assertEquals("draft", c.draft().status());
    assertEquals(AT.toInstant(), c.calendarEvent().startDate().toInstant());
    assertEquals(owner, c.notification().userId());
    assertEquals(venture, c.notification().ventureId());
    assertEquals(assets, c.assetIds());
  }

  @Test
  void create_isOneStatement() {
    AtomicInteger statements = new AtomicInteger();
    Jdbi counted = StrataJdbi.create(ds).setSqlLogger(new SqlLogger() {
      @Override
      public void logBeforeExecution(StatementContext context) {
        statements.incrementAndGet();
      }
    });
    ContentWorkflow.builder(counted, outbox).build().create(content("One statement"));
    assertEquals(1, statements.get(), "statements sent by the workflow (its transaction's BEGIN/COMMIT aside)");
  }

  @Test
  void create_assetOfAnotherVenture_isRejected_andNothingIsWritten() {
    List<ChangeSet> committed = new ArrayList<>();
    ContentWorkflow workflow = ContentWorkflow.builder(jdbi, outbox)
        .transactor(Transactor.builder().afterEveryCommit(committed::add).build()).build();
    String before = counts();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> workflow.create(
        new NewContent(venture, "t", "b", AT, List.of(assets.get(0), foreignAsset))));
    assertEquals("assetIds must be shared assets of venture " + venture + ", these are not: [" + foreignAsset + "]",
        e.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> workflow.create(new NewContent(999_999, "t", "b", AT, List.of())));
    assertEquals("ventureId must name an existing venture, was: 999999", missing.getMessage());
    assertEquals(before, counts());
    assertEquals(List.of(), committed, "no after-commit listener ran");
  }

  @Test
  void newContent_badInput_namesTheArgument() {
    assertEquals("title must not be blank, was: ' '", assertThrows(IllegalArgumentException.class,
        () -> new NewContent(1, " ", "b", AT, List.of())).getMessage());
    assertEquals("assetIds[1] must be a positive id, was: 0", assertThrows(IllegalArgumentException.class,
        () -> new NewContent(1, "t", "b", AT, List.of(3L, 0L))).getMessage());
    assertEquals("publishAt must not be null", assertThrows(NullPointerException.class,
        () -> new NewContent(1, "t", "b", null, List.of())).getMessage());
    assertEquals("collection must be 1..200 characters of [A-Za-z0-9_-], was: 'a b'", assertThrows(
        IllegalArgumentException.class, () -> ContentWorkflow.builder(jdbi, outbox).collection("a b")).getMessage());
  }
}
