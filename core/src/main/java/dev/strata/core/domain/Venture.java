package dev.strata.core.domain;

import java.time.OffsetDateTime;

/** A venture owned by one user; the unit of tenancy for content, money and vectors. */
public record Venture(long id, long userId, String name, boolean isActive, OffsetDateTime createdAt) {}
