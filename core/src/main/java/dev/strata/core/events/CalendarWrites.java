package dev.strata.core.events;

import dev.strata.core.internal.Args;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.Handle;

/**
 * Changes to {@code calendar_events} that log themselves: each method is one statement that changes
 * the row and appends its event ({@code event_created}, {@code event_rescheduled},
 * {@code event_cancelled}, with the row as JSON payload) in the caller's transaction.
 */
public final class CalendarWrites {

  private CalendarWrites() {}

  /** Creates an event; returns its id. */
  public static long create(Handle handle, long ventureId, String title, String kind, OffsetDateTime start,
      OffsetDateTime end) {
    Args.notNull(handle, "handle");
    Args.id(ventureId, "ventureId");
    text(title, "title");
    text(kind, "kind");
    checkRange(start, end);
    return handle.createQuery("""
            WITH e AS (
              INSERT INTO calendar_events (venture_id, title, kind, start_date, end_date)
              VALUES (:venture, :title, :kind, :start, :end) RETURNING *
            ), logged AS (
              INSERT INTO strata_event_log (venture_id, stream, entity_id, type, payload)
              SELECT venture_id, 'calendar', id, 'event_created', to_jsonb(e) FROM e
            )
            SELECT id FROM e""")
        .bind("venture", ventureId).bind("title", title).bind("kind", kind).bind("start", start).bind("end", end)
        .mapTo(Long.class).one();
  }

  /** Moves an event; false when there is no such event. */
  public static boolean reschedule(Handle handle, long eventId, OffsetDateTime start, OffsetDateTime end) {
    Args.notNull(handle, "handle");
    Args.id(eventId, "eventId");
    checkRange(start, end);
    return handle.createQuery("""
            WITH e AS (
              UPDATE calendar_events SET start_date = :start, end_date = :end WHERE id = :id RETURNING *
            ), logged AS (
              INSERT INTO strata_event_log (venture_id, stream, entity_id, type, payload)
              SELECT venture_id, 'calendar', id, 'event_rescheduled',
                     jsonb_build_object('start_date', start_date, 'end_date', end_date) FROM e
            )
            SELECT count(*) FROM e""")
        .bind("id", eventId).bind("start", start).bind("end", end).mapTo(Integer.class).one() == 1;
  }

  /** Deletes an event (its history stays in the log); false when there is no such event. */
  public static boolean cancel(Handle handle, long eventId) {
    Args.notNull(handle, "handle");
    Args.id(eventId, "eventId");
    return handle.createQuery("""
            WITH e AS (
              DELETE FROM calendar_events WHERE id = :id RETURNING *
            ), logged AS (
              INSERT INTO strata_event_log (venture_id, stream, entity_id, type, payload)
              SELECT venture_id, 'calendar', id, 'event_cancelled', to_jsonb(e) FROM e
            )
            SELECT count(*) FROM e""")
        .bind("id", eventId).mapTo(Integer.class).one() == 1;
  }

  static String text(String value, String name) {
    Args.notNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  private static void checkRange(OffsetDateTime start, OffsetDateTime end) {
    Args.notNull(start, "start");
    Args.notNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end must not be before start, was: start " + start + ", end " + end);
    }
  }
}
