package dev.strata.core.domain;

import java.time.OffsetDateTime;

/** A calendar event of a venture (post slot, deadline, meeting...). */
public record CalendarEvent(long id, long ventureId, String title, String kind, OffsetDateTime startDate,
    OffsetDateTime endDate, OffsetDateTime createdAt) {}
