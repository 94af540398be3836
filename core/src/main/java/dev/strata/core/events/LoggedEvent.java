package dev.strata.core.events;

import java.time.OffsetDateTime;

/**
 * One row of the event log.
 *
 * @param id          its position in insertion order
 * @param ventureId   the venture, or null (a notification about no venture)
 * @param stream      what kind of entity it is about
 * @param entityId    the entity's id in its table
 * @param version     the aggregate's version this event made (1 for its first event)
 * @param type        what happened, e.g. {@code event_created}
 * @param payload     the event's data as JSON text
 * @param recordedAt  when the writing transaction recorded it
 */
public record LoggedEvent(long id, Long ventureId, EventStream stream, long entityId, long version, String type,
    String payload,
    OffsetDateTime recordedAt) {}
