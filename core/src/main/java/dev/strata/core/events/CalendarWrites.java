package dev.strata.core.events;

import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.internal.Args;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Changes to {@code calendar_events} that log themselves: each change to the row and its event
 * ({@code event_created} and {@code event_cancelled} with the row as JSON payload,
 * {@code event_rescheduled} and {@code event_updated} with the changed fields,
 * {@code event_completed} with its time) are made in one statement, in the caller's transaction,
 * and advance the event's version by one. {@link #update} and {@link #complete} take the version
 * the caller expects and fail with {@link VersionConflictException} (writing nothing) if another
 * writer changed the event first.
 */
public final class CalendarWrites {

  private static final String HEAD = Aggregates.bumpHead(EventStream.CALENDAR, "e");

  private CalendarWrites() {}

  /** Creates an event; returns its id. */
  public static long create(Handle handle, long ventureId, String title, String kind, OffsetDateTime start,
      OffsetDateTime end) {
    return createEvent(handle, ventureId, title, kind, start, end).id();
  }

  /** Creates an event; returns its row as the database wrote it ({@code created_at} included). */
  public static CalendarEvent createEvent(Handle handle, long ventureId, String title, String kind,
      OffsetDateTime start, OffsetDateTime end) {
    Args.notNull(handle, "handle");
    Args.id(ventureId, "ventureId");
    text(title, "title");
    text(kind, "kind");
    checkRange(start, end);
    return handle.createQuery("WITH " + createCtes("e", "VALUES (:venture, :title, :kind, :start, :end)") + " SELECT * FROM e")
        .bind("venture", ventureId).bind("title", title).bind("kind", kind).bind("start", start).bind("end", end)
        .map(ConstructorMapper.of(CalendarEvent.class)).one();
  }

  /**
   * SQL for Strata's own one-statement writers, to embed in a {@code WITH} clause: CTE {@code name}
   * inserts the calendar events the query {@code rows} yields (columns {@code venture_id, title, kind,
   * start_date, end_date}, in that order) and returns them whole; {@code name_head} and
   * {@code name_logged} log {@code event_created} for each at its next version, as {@link #createEvent}
   * does. {@code rows} is SQL: never build it from user input, bind values as parameters.
   *
   * @throws IllegalArgumentException if {@code name} is not a lower-case SQL identifier
   */
  public static String createCtes(String name, String rows) {
    return Aggregates.loggedInsert(EventStream.CALENDAR, name, "venture_id, title, kind, start_date, end_date", rows);
  }

  /** Moves an event; false when there is no such event. */
  public static boolean reschedule(Handle handle, long eventId, OffsetDateTime start, OffsetDateTime end) {
    Args.notNull(handle, "handle");
    Args.id(eventId, "eventId");
    checkRange(start, end);
    return handle.createQuery("""
            WITH e AS (
              UPDATE calendar_events SET start_date = :start, end_date = :end WHERE id = :id RETURNING *
            ), HEAD, logged AS (
              INSERT INTO strata_event_log (venture_id, stream, entity_id, type, payload, version)
              SELECT venture_id, 'calendar', id, 'event_rescheduled',
                     jsonb_build_object('start_date', start_date, 'end_date', end_date), head.version FROM e, head
            )
            SELECT count(*) FROM e""".replace("HEAD", HEAD))
        .bind("id", eventId).bind("start", start).bind("end", end).mapTo(Integer.class).one() == 1;
  }

  /** Deletes an event (its history stays in the log); false when there is no such event. */
  public static boolean cancel(Handle handle, long eventId) {
    Args.notNull(handle, "handle");
    Args.id(eventId, "eventId");
    return handle.createQuery("""
            WITH e AS (
              DELETE FROM calendar_events WHERE id = :id RETURNING *
            ), HEAD, logged AS (
              INSERT INTO strata_event_log (venture_id, stream, entity_id, type, payload, version)
              SELECT venture_id, 'calendar', id, 'event_cancelled', to_jsonb(e), head.version FROM e, head
            )
            SELECT count(*) FROM e""".replace("HEAD", HEAD))
        .bind("id", eventId).mapTo(Integer.class).one() == 1;
  }

  /**
   * Sets an event's title, kind and times ({@code event_updated}) if it is at {@code expectedVersion};
   * on success it is at {@code expectedVersion + 1}.
   *
   * @return false when there is no such event (cancelled, or never created)
   * @throws VersionConflictException if the event is at another version
   */
  public static boolean update(Handle handle, long eventId, long expectedVersion, String title, String kind,
      OffsetDateTime start, OffsetDateTime end) {
    Args.notNull(handle, "handle");
    Args.id(eventId, "eventId");
    text(title, "title");
    text(kind, "kind");
    checkRange(start, end);
    Aggregates.expect(handle, EventStream.CALENDAR, eventId, expectedVersion);
    return handle.createQuery("""
            WITH e AS (
              UPDATE calendar_events SET title = :title, kind = :kind, start_date = :start, end_date = :end
              WHERE id = :id RETURNING *
            ), head AS (
              UPDATE strata_event_heads SET version = version + 1
              WHERE stream = 'calendar' AND entity_id = (SELECT id FROM e) RETURNING version
            ), logged AS (
              INSERT INTO strata_event_log (venture_id, stream, entity_id, type, payload, version)
              SELECT venture_id, 'calendar', id, 'event_updated',
                     jsonb_build_object('title', title, 'kind', kind, 'start_date', start_date, 'end_date', end_date),
                     head.version FROM e, head
            )
            SELECT count(*) FROM e""")
        .bind("id", eventId).bind("title", title).bind("kind", kind).bind("start", start).bind("end", end)
        .mapTo(Integer.class).one() == 1;
  }

  /**
   * Marks an event completed now ({@code event_completed}) if it is at {@code expectedVersion}.
   *
   * @return false when there is no such event or it is already completed (then nothing is logged)
   * @throws VersionConflictException if the event is at another version
   */
  public static boolean complete(Handle handle, long eventId, long expectedVersion) {
    Args.notNull(handle, "handle");
    Args.id(eventId, "eventId");
    Aggregates.expect(handle, EventStream.CALENDAR, eventId, expectedVersion);
    return handle.createQuery("""
            WITH e AS (
              SELECT id, venture_id FROM calendar_events
              WHERE id = :id AND NOT EXISTS (SELECT 1 FROM calendar_event_completions WHERE event_id = :id)
            ), c AS (
              INSERT INTO calendar_event_completions (event_id, completed_at) SELECT id, now() FROM e
              RETURNING completed_at
            ), head AS (
              UPDATE strata_event_heads SET version = version + 1
              WHERE stream = 'calendar' AND entity_id = (SELECT id FROM e) RETURNING version
            ), logged AS (
              INSERT INTO strata_event_log (venture_id, stream, entity_id, type, payload, version)
              SELECT e.venture_id, 'calendar', e.id, 'event_completed', jsonb_build_object('completed_at', c.completed_at),
                     head.version FROM e, c, head
            )
            SELECT count(*) FROM c""")
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
