package dev.strata.core.domain;

import java.time.OffsetDateTime;

/** A social media post of a venture; {@code scheduledAt} is null unless scheduled or published. */
public record SocialPost(long id, long ventureId, String platform, String content, String status,
    OffsetDateTime scheduledAt, OffsetDateTime createdAt) {}
