package dev.strata.core.events;

import dev.strata.core.internal.Args;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The event log: {@link #append} in the caller's transaction, {@link #history} of one entity (the
 * audit trail), and {@link #feed} — every event, in an order a consumer can follow with a cursor
 * without ever skipping one.
 *
 * <p>Why not {@code id > :lastId}: identity values are taken at insert time, not at commit time. A
 * transaction that inserts event 10 and commits after another transaction's event 11 is visible
 * only after a reader has already moved past 11 — and is then skipped for good. The feed instead
 * orders by (writing transaction id, id) and returns only events of transactions older than the
 * oldest one still running ({@code pg_snapshot_xmin(pg_current_snapshot())}): those transactions
 * are all finished, so no committed event can later appear before the cursor. The price: an event
 * reaches the feed only once every transaction that started before it has ended.
 */
public final class EventLog {

  /** Largest page of {@link #feed}. */
  public static final int MAX_PAGE = 1_000;
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
  private static final String COLUMNS = "id, venture_id, stream, entity_id, type, payload::text AS payload, recorded_at";

  private final Jdbi jdbi;

  private EventLog(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The log in the database {@code jdbi} reaches (Strata's migrations applied). */
  public static EventLog of(Jdbi jdbi) {
    return new EventLog(Args.notNull(jdbi, "jdbi"));
  }

  /**
   * Appends an event in {@code handle}'s transaction (it commits or rolls back with the change it
   * records).
   *
   * @param ventureId   the venture, or null
   * @param type        lower-case letters, digits, {@code _} and {@code .}, starting with a letter, at most 64
   * @param payloadJson a JSON object as text ({@code "{}"} for none)
   * @return the event's id
   */
  public long append(Handle handle, Long ventureId, EventStream stream, long entityId, String type, String payloadJson) {
    Args.notNull(handle, "handle");
    if (ventureId != null) {
      Args.id(ventureId, "ventureId");
    }
    Args.notNull(stream, "stream");
    Args.id(entityId, "entityId");
    checkType(type);
    Args.notNull(payloadJson, "payloadJson");
    return handle.createQuery("INSERT INTO strata_event_log (venture_id, stream, entity_id, type, payload) "
            + "VALUES (:venture, :stream, :entity, :type, CAST(:payload AS jsonb)) RETURNING id")
        .bind("venture", ventureId).bind("stream", stream.column()).bind("entity", entityId).bind("type", type)
        .bind("payload", payloadJson).mapTo(Long.class).one();
  }

  static String checkType(String type) {
    Args.notNull(type, "type");
    if (!TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "type must be 1-64 lower-case letters, digits, '_' or '.', starting with a letter, was: '" + type + "'");
    }
    return type;
  }

  /** Every event of one entity, oldest first: its audit trail. */
  public List<LoggedEvent> history(EventStream stream, long entityId) {
    Args.notNull(stream, "stream");
    Args.id(entityId, "entityId");
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM strata_event_log "
            + "WHERE stream = :stream AND entity_id = :entity ORDER BY id")
        .bind("stream", stream.column()).bind("entity", entityId).map(EventLog::row).list());
  }

  /**
   * The next events of the whole log after {@code cursor} (null: from the start), at most
   * {@code limit} ({@code 1..}{@value #MAX_PAGE}). The page's cursor is always set — it is the
   * position to continue from, also when the page is empty — so a consumer stores it after
   * handling the page and calls again with it.
   */
  public EventPage feed(String cursor, int limit) {
    Args.limit(limit, MAX_PAGE, "limit");
    Position after = Position.decode(cursor);
    return jdbi.withHandle(h -> {
      long[] last = {after.tx(), after.id()}; // the last row's position, or the cursor's for an empty page
      List<LoggedEvent> events = h.createQuery("SELECT " + COLUMNS + ", tx::text AS tx_text FROM strata_event_log "
              + "WHERE (tx, id) > (CAST(:tx AS xid8), :id) AND tx < pg_snapshot_xmin(pg_current_snapshot()) "
              + "ORDER BY strata_event_log.tx, strata_event_log.id LIMIT :limit")
          .bind("tx", Long.toUnsignedString(after.tx())).bind("id", after.id()).bind("limit", limit)
          .map((rs, ctx) -> {
            last[0] = Long.parseUnsignedLong(rs.getString("tx_text"));
            last[1] = rs.getLong("id");
            return row(rs, ctx);
          }).list();
      return new EventPage(events, new Position(last[0], last[1]).encode());
    });
  }

  private static LoggedEvent row(ResultSet rs, StatementContext ctx) throws SQLException {
    long venture = rs.getLong("venture_id");
    Long ventureId = rs.wasNull() ? null : venture;
    return new LoggedEvent(rs.getLong("id"), ventureId, EventStream.of(rs.getString("stream")), rs.getLong("entity_id"),
        rs.getString("type"), rs.getString("payload"), rs.getObject("recorded_at", java.time.OffsetDateTime.class));
  }

  /** A feed position: (transaction id, event id), as an opaque URL-safe string. */
  record Position(long tx, long id) {
    private static final String PREFIX = "ev1:";

    String encode() {
      String raw = PREFIX + Long.toUnsignedString(tx) + ":" + id;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    static Position decode(String cursor) {
      if (cursor == null) {
        return new Position(0, 0);
      }
      try {
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        if (raw.startsWith(PREFIX)) {
          String[] p = raw.substring(PREFIX.length()).split(":");
          if (p.length == 2) {
            return new Position(Long.parseUnsignedLong(p[0]), Long.parseLong(p[1]));
          }
        }
      } catch (IllegalArgumentException e) {
        // falls through to the error below
      }
      throw new IllegalArgumentException("cursor must be a cursor returned by EventLog.feed, was: " + cursor);
    }
  }
}
