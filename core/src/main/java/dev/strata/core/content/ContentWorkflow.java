package dev.strata.core.content;

import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.Notification;
import dev.strata.core.internal.Args;
import dev.strata.core.events.CalendarWrites;
import dev.strata.core.events.NotificationWrites;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.tx.Committed;
import dev.strata.core.tx.Transactor;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Creates content in one statement and one transaction: the draft row, the calendar event scheduled for it
 * ({@code event_created} logged), a notification to the venture's owner ({@code notification_created}
 * logged), the assets it uses ({@code content_asset_usage}) and an outbox job that strata-vector's
 * {@code VectorIndexer} consumes (topic {@value #INDEX_TOPIC}, its version-1 JSON job), written by
 * one data-modifying {@code WITH} statement that returns the rows it inserted ({@link ContentCreated}).
 * Either all of it commits or none of it does: a failure inside the statement (a constraint, a
 * trigger) aborts all of it, and an unknown venture or a foreign asset, found from what the statement
 * returned, is thrown inside the transaction, which rolls back; after-commit callbacks and listeners of the {@link Transactor} run
 * only after the commit.
 *
 * <pre>{@code
 * ContentWorkflow content = ContentWorkflow.builder(jdbi, outbox)
 *     .transactor(Transactor.builder().tokenCapture(TokenCapture.walInsertLsn()).build()).build();
 * Committed<ContentCreated> r = content.create(new NewContent(ventureId, "Launch post", body, at, List.of(assetId)));
 * r.value().draftId(); r.changes().ventureOwners(); r.token();   // token: see TokenCapture
 * }</pre>
 *
 * <p>The change set names the owner ({@code users}), the venture with its owner, and the rows written
 * by table. Thread-safe.
 */
public final class ContentWorkflow {

  /** The outbox topic strata-vector's indexer drains. */
  public static final String INDEX_TOPIC = "strata.vector.index";
  /** The logical vector collection content is indexed into unless configured. */
  public static final String DEFAULT_COLLECTION = "content_embeddings";
  /** The calendar event kind of scheduled content. */
  public static final String EVENT_KIND = "content";
  /** The notification kind sent to the owner. */
  public static final String NOTIFICATION_KIND = "content_scheduled";


  /**
   * The whole write, one statement: every CTE reads the venture row {@code v} (locked FOR SHARE, so
   * its owner cannot change before the transaction ends), so an unknown venture makes every insert
   * insert nothing and the statement return no row. Assets are recorded only when they are the
   * venture's own; the caller compares the returned ids with the requested ones.
   */
  private static final String CREATE = "WITH v AS (SELECT id, user_id FROM ventures WHERE id = :venture FOR SHARE), "
      + "d AS (INSERT INTO content_drafts (venture_id, title, body) SELECT id, :title, :body FROM v RETURNING *), "
      + CalendarWrites.createCtes("e", "SELECT id, :title, :eventKind, :publishAt, :publishAt FROM v") + ", "
      + NotificationWrites.createCtes("n", "SELECT user_id, id, :notificationKind, :message FROM v") + ", "
      + "u AS (INSERT INTO content_asset_usage (draft_id, asset_id, venture_id) "
      + "SELECT d.id, a.id, a.venture_id FROM d JOIN shared_assets a ON a.venture_id = d.venture_id "
      + "WHERE a.id = ANY(:assets) RETURNING asset_id), "
      // strata-vector's version-1 index job, keyed by the draft so an edit replaces its entry
      + "j AS (INSERT INTO strata_outbox (topic, payload) SELECT :topic, jsonb_build_object('v', 1, "
      + "'venture', d.venture_id::text, 'collection', CAST(:collection AS text), 'key', 'content_drafts/' || d.id, "
      + "'text', d.body, 'payload', jsonb_build_object('draft_id', d.id))::text FROM d RETURNING id) "
      + "SELECT v.user_id AS owner_id, ARRAY(SELECT asset_id FROM u) AS asset_ids, j.id AS job_id, "
      + columns("d", "id", "venture_id", "title", "body", "status", "created_at", "updated_at") + ", "
      + columns("e", "id", "venture_id", "title", "kind", "start_date", "end_date", "created_at") + ", "
      + columns("n", "id", "user_id", "venture_id", "kind", "message", "read", "created_at")
      + " FROM v, d, e, n, j";

  private static final RowMapper<ContentDraft> DRAFT = ConstructorMapper.of(ContentDraft.class, "d_");
  private static final RowMapper<CalendarEvent> EVENT = ConstructorMapper.of(CalendarEvent.class, "e_");
  private static final RowMapper<Notification> NOTIFICATION = ConstructorMapper.of(Notification.class, "n_");

  private final Jdbi jdbi;
  private final Transactor transactor;
  private final String collection;

  private ContentWorkflow(Jdbi jdbi, Transactor transactor, String collection) {
    this.jdbi = jdbi;
    this.transactor = transactor;
    this.collection = collection;
  }

  /**
   * A builder writing through {@code jdbi} (the primary, or a router in a write scope); the index job
   * goes into {@code outbox}'s table, {@code strata_outbox}, in the same database.
   */
  public static Builder builder(Jdbi jdbi, Outbox outbox) {
    return new Builder(jdbi, outbox);
  }

  /**
   * Creates the content and everything that goes with it, in one statement and one transaction.
   *
   * @return the rows written, the change set and the read-your-writes token
   * @throws IllegalArgumentException if the venture does not exist or an asset is not one of its
   *                                  shared assets (nothing is written)
   */
  public Committed<ContentCreated> create(NewContent content) {
    Args.notNull(content, "content");
    return transactor.inTransaction(jdbi, (h, unit) -> {
      long venture = content.ventureId();
      Written written = h.createQuery(CREATE)
          .bind("venture", venture).bind("title", content.title()).bind("body", content.body())
          .bind("eventKind", EVENT_KIND).bind("publishAt", content.publishAt())
          .bind("notificationKind", NOTIFICATION_KIND)
          .bind("message", "Content scheduled for " + content.publishAt() + ": " + content.title())
          .bind("assets", content.assetIds().toArray(new Long[0]))
          .bind("topic", INDEX_TOPIC).bind("collection", collection)
          .map((rs, ctx) -> new Written(new ContentCreated(rs.getLong("owner_id"), DRAFT.map(rs, ctx), EVENT.map(rs, ctx),
              NOTIFICATION.map(rs, ctx), content.assetIds(), rs.getLong("job_id")),
              List.of((Long[]) rs.getArray("asset_ids").getArray())))
          .findOne()
          .orElseThrow(() -> new IllegalArgumentException("ventureId must name an existing venture, was: " + venture));
      List<Long> foreign = content.assetIds().stream().filter(a -> !written.recordedAssets().contains(a)).toList();
      if (!foreign.isEmpty()) {
        // thrown inside the transaction: the transactor rolls every row of the statement back
        throw new IllegalArgumentException("assetIds must be shared assets of venture " + venture + ", these are not: "
            + foreign);
      }
      ContentCreated created = written.created();
      unit.changed().venture(venture, created.ownerId())
          .entity("content_drafts", created.draftId()).entity("calendar_events", created.calendarEventId())
          .entity("notifications", created.notificationId()).entity("strata_outbox", created.indexJobId());
      return created;
    });
  }

  /** What the statement returned: the rows, and the assets it recorded. */
  private record Written(ContentCreated created, List<Long> recordedAssets) {}

  /** {@code alias.column AS alias_column, ...}: the columns of one CTE, told apart by their prefix. */
  private static String columns(String alias, String... names) {
    StringBuilder b = new StringBuilder();
    for (String c : names) {
      b.append(b.isEmpty() ? "" : ", ").append(alias).append('.').append(c).append(" AS ").append(alias).append('_').append(c);
    }
    return b.toString();
  }

  /** Builds a {@link ContentWorkflow}. */
  public static final class Builder {
    private final Jdbi jdbi;
    private Transactor transactor = Transactor.builder().build();
    private String collection = DEFAULT_COLLECTION;

    private Builder(Jdbi jdbi, Outbox outbox) {
      this.jdbi = Args.notNull(jdbi, "jdbi");
      Args.notNull(outbox, "outbox");
    }

    /** The transactor (token capture, commit listeners); default: none of either. */
    public Builder transactor(Transactor t) {
      this.transactor = Args.notNull(t, "transactor");
      return this;
    }

    /** The logical vector collection (default {@value #DEFAULT_COLLECTION}), {@code [A-Za-z0-9_-]}, 1..200. */
    public Builder collection(String name) {
      this.collection = Args.collectionName(name, "collection");
      return this;
    }

    /** The workflow. */
    public ContentWorkflow build() {
      return new ContentWorkflow(jdbi, transactor, collection);
    }
  }
}
