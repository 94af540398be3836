package dev.strata.examples.bench.workload;

import dev.strata.core.content.ContentCreated;
import dev.strata.core.content.ContentWorkflow;
import dev.strata.core.content.NewContent;
import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.Notification;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The seed's cascading write as the seed describes it — content, then its calendar event, then the
 * owner's notification, then the asset usage — one INSERT after another in one transaction, as an
 * application without Strata writes it. It writes the same rows as core's {@link ContentWorkflow}
 * (which does it in one statement, with an event log and an outbox job the seed does not have), so
 * the three stacks' pages show the same data; the seed stacks index the draft in Qdrant themselves,
 * in the request.
 */
final class SeedContentWrite {

  private final Jdbi jdbi;

  SeedContentWrite(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Writes the content and what cascades from it; the index job id in the result is 0 (no outbox). */
  ContentCreated create(NewContent c) {
    return jdbi.inTransaction(h -> {
      long owner = h.createQuery("SELECT user_id FROM ventures WHERE id = :v").bind("v", c.ventureId())
          .mapTo(Long.class).findOne()
          .orElseThrow(() -> new IllegalArgumentException("ventureId must name an existing venture, was: " + c.ventureId()));
      ContentDraft draft = h.createQuery("INSERT INTO content_drafts (venture_id, title, body) VALUES (:v, :t, :b) RETURNING *")
          .bind("v", c.ventureId()).bind("t", c.title()).bind("b", c.body()).mapTo(ContentDraft.class).one();
      CalendarEvent event = h.createQuery("INSERT INTO calendar_events (venture_id, title, kind, start_date, end_date) "
              + "VALUES (:v, :t, :k, :at, :at) RETURNING *")
          .bind("v", c.ventureId()).bind("t", c.title()).bind("k", ContentWorkflow.EVENT_KIND).bind("at", c.publishAt())
          .mapTo(CalendarEvent.class).one();
      Notification notification = h.createQuery("INSERT INTO notifications (user_id, venture_id, kind, message) "
              + "VALUES (:u, :v, :k, :m) RETURNING *")
          .bind("u", owner).bind("v", c.ventureId()).bind("k", ContentWorkflow.NOTIFICATION_KIND)
          .bind("m", "Content scheduled for " + c.publishAt() + ": " + c.title()).mapTo(Notification.class).one();
      recordAssets(h, draft.id(), c);
      return new ContentCreated(owner, draft, event, notification, c.assetIds(), 0);
    });
  }

  private static void recordAssets(Handle h, long draft, NewContent c) {
    if (c.assetIds().isEmpty()) {
      return;
    }
    List<Long> recorded = h.createQuery("INSERT INTO content_asset_usage (draft_id, asset_id, venture_id) "
            + "SELECT :d, id, venture_id FROM shared_assets WHERE id = ANY(:ids) AND venture_id = :v RETURNING asset_id")
        .bind("d", draft).bind("v", c.ventureId()).bind("ids", c.assetIds().toArray(new Long[0])).mapTo(Long.class).list();
    if (recorded.size() != c.assetIds().size()) {
      throw new IllegalArgumentException("assetIds must be shared assets of venture " + c.ventureId() + ", were: " + c.assetIds());
    }
  }
}
