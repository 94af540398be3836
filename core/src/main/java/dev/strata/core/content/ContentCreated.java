package dev.strata.core.content;

import java.util.List;

/**
 * The rows {@link ContentWorkflow#create} wrote.
 *
 * @param draftId         the {@code content_drafts} row
 * @param calendarEventId the {@code calendar_events} row that schedules it
 * @param notificationId  the owner's {@code notifications} row
 * @param assetIds        the assets recorded in {@code content_asset_usage}
 * @param indexJobId      the {@code strata_outbox} job that indexes it
 */
public record ContentCreated(long draftId, long calendarEventId, long notificationId, List<Long> assetIds,
    long indexJobId) {

  /** Copies the list. */
  public ContentCreated {
    assetIds = List.copyOf(assetIds);
  }
}
