package dev.strata.core.events;

import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * Version bookkeeping of aggregates in {@code strata_event_heads}: the SQL pieces the write helpers
 * embed, and the lock taken by appends that state the version they expect.
 */
final class Aggregates {

  private Aggregates() {}

  /**
   * A CTE named {@code head} that bumps (or starts at 1) the version of the aggregate whose id is
   * the {@code id} column of {@code source}, returning {@code version}. The upsert locks the head
   * row, so concurrent writers to one aggregate queue and each gets the next version.
   */
  static String bumpHead(EventStream stream, String source) {
    return bumpHead(stream, "head", source);
  }

  /** {@link #bumpHead(EventStream, String)} as a CTE named {@code name}, returning {@code entity_id, version}. */
  static String bumpHead(EventStream stream, String name, String source) {
    return name + " AS (INSERT INTO strata_event_heads (stream, entity_id, version) SELECT '" + stream.column()
        + "', id, 1 FROM " + source + " ON CONFLICT (stream, entity_id) DO UPDATE SET version = strata_event_heads.version + 1 "
        + "RETURNING entity_id, version)";
  }

  /**
   * Three CTEs: {@code name} inserts into the stream's table ({@code columns}) the rows of the query
   * {@code rows} and returns them whole; {@code name_head} bumps each new row's version; and
   * {@code name_logged} logs each as the stream's {@code _created} event, the row as JSON
   * payload, at that version.
   *
   * @throws IllegalArgumentException if {@code name} is not a lower-case SQL identifier
   */
  static String loggedInsert(EventStream stream, String name, String columns, String rows) {
    if (name == null || !name.matches("[a-z][a-z0-9_]{0,40}")) {
      throw new IllegalArgumentException("name must be a lower-case SQL identifier of at most 41 characters, was: " + name);
    }
    Objects.requireNonNull(rows, "rows");
    String head = name + "_head";
    return name + " AS (INSERT INTO " + stream.table() + " (" + columns + ") " + rows + " RETURNING *), "
        + bumpHead(stream, head, name) + ", "
        + name + "_logged AS (INSERT INTO strata_event_log (venture_id, stream, entity_id, type, payload, version) "
        + "SELECT " + name + ".venture_id, '" + stream.column() + "', " + name + ".id, '" + stream.createdType() + "', to_jsonb("
        + name + "), " + head + ".version FROM " + name + " JOIN " + head + " ON " + head + ".entity_id = " + name + ".id)";
  }

  /**
   * Locks the aggregate's head (creating it at version 0 if it has none) and checks it is at
   * {@code expected}; the lock is held until the caller's transaction ends, so no other append can
   * slip in between this check and the caller's append.
   *
   * @throws VersionConflictException if it is at another version
   */
  static void expect(Handle h, EventStream stream, long entityId, long expected) {
    if (expected < 0) {
      throw new IllegalArgumentException("expectedVersion must be >= 0, was: " + expected);
    }
    // the projection row first, then the head: the order the one-statement writers lock in (they
    // change the row, then bump the head), so the two kinds of writer cannot deadlock
    h.createQuery("SELECT id FROM " + stream.table() + " WHERE id = :id FOR UPDATE").bind("id", entityId)
        .mapTo(Long.class).findOne();
    // a head row must exist to be locked: concurrent first appends then queue on its insert
    h.createUpdate("INSERT INTO strata_event_heads (stream, entity_id, version) VALUES (:s, :id, 0) "
            + "ON CONFLICT (stream, entity_id) DO NOTHING")
        .bind("s", stream.column()).bind("id", entityId).execute();
    long actual = h.createQuery("SELECT version FROM strata_event_heads WHERE stream = :s AND entity_id = :id FOR UPDATE")
        .bind("s", stream.column()).bind("id", entityId).mapTo(Long.class).one();
    if (actual != expected) {
      throw new VersionConflictException(stream, entityId, expected, actual);
    }
  }

  /** The aggregate's current version (0 when it has no events). */
  static long version(Handle h, EventStream stream, long entityId) {
    return h.createQuery("SELECT coalesce(max(version), 0) FROM strata_event_heads WHERE stream = :s AND entity_id = :id")
        .bind("s", stream.column()).bind("id", entityId).mapTo(Long.class).one();
  }
}
