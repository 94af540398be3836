package dev.strata.core.dataset;

import java.time.OffsetDateTime;

/**
 * What {@link DatasetGenerator#generate} wrote: row counts per table, the user id range
 * ({@code firstUserId..lastUserId}, inclusive and dense) and the instant the data is relative to.
 */
public record DatasetSummary(long users, long ventures, long financialRecords, long contentDrafts, long socialPosts,
    long calendarEvents, long sharedAssets, long notifications, long firstUserId, long lastUserId,
    OffsetDateTime baseTime) {}
