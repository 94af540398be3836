package dev.strata.core.content;

import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.Notification;
import java.util.List;
import java.util.Objects;

/**
 * The rows {@link ContentWorkflow#create} wrote, as the database returned them ({@code RETURNING}):
 * each record holds exactly what a later {@code SELECT} of its row maps to, {@code created_at} and
 * the other defaults included, so a cache can be patched with them instead of re-reading.
 *
 * @param ownerId       the venture owner's user id (the notification's recipient)
 * @param draft         the {@code content_drafts} row
 * @param calendarEvent the {@code calendar_events} row that schedules it
 * @param notification  the owner's {@code notifications} row
 * @param assetIds      the assets recorded in {@code content_asset_usage}
 * @param indexJobId    the {@code strata_outbox} job that indexes it
 */
public record ContentCreated(long ownerId, ContentDraft draft, CalendarEvent calendarEvent, Notification notification,
    List<Long> assetIds, long indexJobId) {

  /** Checks the rows are there and copies the list. */
  public ContentCreated {
    Objects.requireNonNull(draft, "draft");
    Objects.requireNonNull(calendarEvent, "calendarEvent");
    Objects.requireNonNull(notification, "notification");
    assetIds = List.copyOf(assetIds);
  }

  /** The draft's id. */
  public long draftId() {
    return draft.id();
  }

  /** The calendar event's id. */
  public long calendarEventId() {
    return calendarEvent.id();
  }

  /** The notification's id. */
  public long notificationId() {
    return notification.id();
  }
}
