package dev.strata.core.events;

import org.jdbi.v3.core.Handle;

/**
 * Rebuilds the projections ({@code calendar_events} with {@code calendar_event_completions}, and
 * {@code notifications}) from the log: an aggregate's row is the fold ({@code strata_event_fold},
 * migration V8) of its events in version order, turned back into a row with
 * {@code jsonb_populate_record}. Only aggregates whose history starts with their creation event can
 * be rebuilt; rows written before the log existed (or by bulk loads) are left alone.
 */
final class Projections {

  private Projections() {}

  /** Aggregates of the stream whose version 1 is their creation. */
  private static String complete(EventStream s) {
    return "SELECT entity_id FROM strata_event_log WHERE stream = '" + s.column() + "' AND version = 1 AND type = '"
        + s.createdType() + "'";
  }

  /** True when the aggregate's history starts with its creation (it can be rebuilt and rolled back). */
  static boolean hasCompleteHistory(Handle h, EventStream s, long entityId) {
    return h.createQuery("SELECT EXISTS (" + complete(s) + " AND entity_id = :id)").bind("id", entityId)
        .mapTo(Boolean.class).one();
  }

  /** The aggregate's state at {@code version} as JSON text, null when it did not exist then. */
  static String stateAt(Handle h, EventStream s, long entityId, long version) {
    return h.createQuery("SELECT strata_event_fold(type, payload ORDER BY version)::text FROM strata_event_log "
            + "WHERE stream = :s AND entity_id = :id AND version <= :v")
        .bind("s", s.column()).bind("id", entityId).bind("v", version).mapTo(String.class).one();
  }

  /** Rewrites the projection rows of one aggregate (or of all, when {@code entityId} is null). */
  static int rebuild(Handle h, EventStream s, Long entityId) {
    String only = entityId == null ? "" : " AND entity_id = :id";
    String ids = "(" + complete(s) + only + ")";
    String table = s.table();
    var delete = h.createUpdate("DELETE FROM " + table + " WHERE id IN " + ids);
    var rebuilt = h.createQuery("SELECT count(*) FROM (" + complete(s) + only + ") a");
    String folded = "SELECT entity_id, strata_event_fold(type, payload ORDER BY version) AS s FROM strata_event_log "
        + "WHERE stream = '" + s.column() + "' AND entity_id IN " + ids + " GROUP BY entity_id";
    String insert = "INSERT INTO " + table + " SELECT (jsonb_populate_record(NULL::" + table + ", f.s)).* FROM f "
        + "WHERE f.s IS NOT NULL RETURNING id";
    String sql = s == EventStream.CALENDAR
        ? "WITH f AS (" + folded + "), ins AS (" + insert + ") "
            + "INSERT INTO calendar_event_completions (event_id, completed_at) "
            + "SELECT ins.id, (f.s ->> 'completed_at')::timestamptz FROM ins JOIN f ON f.entity_id = ins.id "
            + "WHERE f.s ->> 'completed_at' IS NOT NULL"
        : "WITH f AS (" + folded + ") " + insert.replace(" RETURNING id", "");
    var write = h.createUpdate(sql);
    if (entityId != null) {
      delete.bind("id", entityId);
      rebuilt.bind("id", entityId);
      write.bind("id", entityId);
    }
    delete.execute(); // a separate statement: the rows must be gone before their rebuilt copies go in
    write.execute();
    return rebuilt.mapTo(Integer.class).one();
  }
}
