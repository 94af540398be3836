package dev.strata.core.domain;

import java.time.OffsetDateTime;

/** A user of the product; owns ventures and receives notifications. */
public record User(long id, String email, String name, OffsetDateTime createdAt) {}
