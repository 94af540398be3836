package dev.strata.core.domain;

import java.time.OffsetDateTime;

/** A file shared across a venture's features (image, document, video...). */
public record SharedAsset(long id, long ventureId, String name, String kind, String url, long sizeBytes,
    OffsetDateTime createdAt) {}
