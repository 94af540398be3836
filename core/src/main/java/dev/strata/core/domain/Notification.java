package dev.strata.core.domain;

import java.time.OffsetDateTime;

/** A notification for a user; {@code ventureId} is null for account-wide notifications. */
public record Notification(long id, long userId, Long ventureId, String kind, String message, boolean read,
    OffsetDateTime createdAt) {}
