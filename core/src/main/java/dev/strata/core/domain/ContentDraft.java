package dev.strata.core.domain;

import java.time.OffsetDateTime;

/** A content draft of a venture (status draft, approved or published). */
public record ContentDraft(long id, long ventureId, String title, String body, String status,
    OffsetDateTime createdAt, OffsetDateTime updatedAt) {}
