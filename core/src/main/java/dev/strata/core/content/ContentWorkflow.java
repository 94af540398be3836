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
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Creates content as one transaction: the draft row, the calendar event scheduled for it
 * ({@code event_created} logged), a notification to the venture's owner ({@code notification_created}
 * logged), the assets it uses ({@code content_asset_usage}) and an outbox job that strata-vector's
 * {@code VectorIndexer} consumes (topic {@value #INDEX_TOPIC}, its version-1 JSON job). Either all of
 * it commits or none of it does; after-commit callbacks and listeners of the {@link Transactor} run
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


  /** The steps of {@link #create}, in order. */
  enum Step { DRAFT, CALENDAR_EVENT, NOTIFICATION, ASSET_USAGE, INDEX_JOB }

  /** Called after each step inside the transaction; tests throw from it to fail a step. */
  interface StepHook {
    void after(Step step) throws Exception;
  }

  private final Jdbi jdbi;
  private final Outbox outbox;
  private final Transactor transactor;
  private final String collection;
  private final StepHook hook;

  private ContentWorkflow(Jdbi jdbi, Outbox outbox, Transactor transactor, String collection, StepHook hook) {
    this.jdbi = jdbi;
    this.outbox = outbox;
    this.transactor = transactor;
    this.collection = collection;
    this.hook = hook;
  }

  /** A builder writing through {@code jdbi} (the primary, or a router in a write scope) and {@code outbox}. */
  public static Builder builder(Jdbi jdbi, Outbox outbox) {
    return new Builder(jdbi, outbox);
  }

  /** This workflow with a step hook (tests). */
  ContentWorkflow withStepHook(StepHook stepHook) {
    return new ContentWorkflow(jdbi, outbox, transactor, collection, stepHook);
  }

  /**
   * Creates the content and everything that goes with it, in one transaction.
   *
   * @return the ids written, the change set and the read-your-writes token
   * @throws IllegalArgumentException if the venture does not exist or an asset is not one of its
   *                                  shared assets (nothing is written)
   */
  public Committed<ContentCreated> create(NewContent content) {
    Args.notNull(content, "content");
    return transactor.inTransaction(jdbi, (h, unit) -> {
      long venture = content.ventureId();
      long owner = owner(h, venture);
      ContentDraft draftRow = h.createQuery("INSERT INTO content_drafts (venture_id, title, body) VALUES (:v, :t, :b) RETURNING *")
          .bind("v", venture).bind("t", content.title()).bind("b", content.body())
          .map(ConstructorMapper.of(ContentDraft.class)).one();
      long draft = draftRow.id();
      hook.after(Step.DRAFT);
      CalendarEvent event = CalendarWrites.createEvent(h, venture, content.title(), EVENT_KIND, content.publishAt(),
          content.publishAt());
      hook.after(Step.CALENDAR_EVENT);
      Notification notification = NotificationWrites.createNotification(h, owner, venture, NOTIFICATION_KIND,
          "Content scheduled for " + content.publishAt() + ": " + content.title());
      hook.after(Step.NOTIFICATION);
      recordAssets(h, venture, draft, content.assetIds());
      hook.after(Step.ASSET_USAGE);
      long job = outbox.enqueue(h, INDEX_TOPIC, indexJob(venture, draft, content.body()));
      hook.after(Step.INDEX_JOB);
      unit.changed().venture(venture, owner)
          .entity("content_drafts", draft).entity("calendar_events", event.id())
          .entity("notifications", notification.id()).entity("strata_outbox", job);
      return new ContentCreated(owner, draftRow, event, notification, content.assetIds(), job);
    });
  }

  private static long owner(Handle h, long venture) {
    // FOR SHARE: the owner named in the change set cannot change before this transaction ends
    return h.createQuery("SELECT user_id FROM ventures WHERE id = :v FOR SHARE").bind("v", venture).mapTo(Long.class)
        .findOne().orElseThrow(() -> new IllegalArgumentException("ventureId must name an existing venture, was: " + venture));
  }

  private static void recordAssets(Handle h, long venture, long draft, List<Long> assets) {
    if (assets.isEmpty()) {
      return;
    }
    List<Long> recorded = h.createQuery("INSERT INTO content_asset_usage (draft_id, asset_id, venture_id) "
            + "SELECT :d, id, venture_id FROM shared_assets WHERE id = ANY(:ids) AND venture_id = :v RETURNING asset_id")
        .bind("d", draft).bind("v", venture).bind("ids", assets.toArray(new Long[0])).mapTo(Long.class).list();
    if (recorded.size() != assets.size()) {
      List<Long> foreign = assets.stream().filter(a -> !recorded.contains(a)).toList();
      throw new IllegalArgumentException("assetIds must be shared assets of venture " + venture + ", these are not: " + foreign);
    }
  }

  /** strata-vector's version-1 index job, keyed by the draft so an edit replaces its entry. */
  private String indexJob(long venture, long draft, String body) {
    return "{\"v\":1,\"venture\":\"" + venture + "\",\"collection\":" + Json.string(collection)
        + ",\"key\":\"content_drafts/" + draft + "\",\"text\":" + Json.string(body)
        + ",\"payload\":{\"draft_id\":" + draft + "}}";
  }

  /** Builds a {@link ContentWorkflow}. */
  public static final class Builder {
    private final Jdbi jdbi;
    private final Outbox outbox;
    private Transactor transactor = Transactor.builder().build();
    private String collection = DEFAULT_COLLECTION;

    private Builder(Jdbi jdbi, Outbox outbox) {
      this.jdbi = Args.notNull(jdbi, "jdbi");
      this.outbox = Args.notNull(outbox, "outbox");
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
      return new ContentWorkflow(jdbi, outbox, transactor, collection, step -> { });
    }
  }
}
