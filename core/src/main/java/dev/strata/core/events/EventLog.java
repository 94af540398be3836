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
 * <p>Versions: an aggregate (a stream and an entity id) is at version n after its n-th event. An
 * append may state the version it expects ({@link #append(Handle, Long, EventStream, long, long, String, String)});
 * if another writer got there first it fails with {@link VersionConflictException} and writes
 * nothing. Appends to one aggregate queue on a row lock of its head, and a unique index on
 * (stream, entity, version) forbids two events at one version, so no append is ever lost.
 * {@link #rebuild} rewrites the projections from the log, {@link #rollback} returns an aggregate to
 * an earlier version by appending a compensating event (history is never deleted), and
 * {@link #ventureTrail} lists a venture's events.
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
  private static final String COLUMNS =
      "id, venture_id, stream, entity_id, version, type, payload::text AS payload, recorded_at";

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
    checkAppend(handle, ventureId, stream, entityId, type, payloadJson);
    return handle.createQuery("WITH e AS (SELECT CAST(:entity AS bigint) AS id), " + Aggregates.bumpHead(stream, "e")
            + " INSERT INTO strata_event_log (venture_id, stream, entity_id, type, payload, version) "
            + "SELECT :venture, :stream, :entity, :type, CAST(:payload AS jsonb), version FROM head RETURNING id")
        .bind("venture", ventureId).bind("stream", stream.column()).bind("entity", entityId).bind("type", type)
        .bind("payload", payloadJson).mapTo(Long.class).one();
  }

  /**
   * Appends an event if the aggregate is at {@code expectedVersion} (0: it has no events yet), in
   * {@code handle}'s transaction; the aggregate stays locked until that transaction ends.
   *
   * @return the aggregate's new version, {@code expectedVersion + 1}
   * @throws VersionConflictException if the aggregate is at another version (nothing is written)
   */
  public long append(Handle handle, Long ventureId, EventStream stream, long entityId, long expectedVersion, String type,
      String payloadJson) {
    checkAppend(handle, ventureId, stream, entityId, type, payloadJson);
    Aggregates.expect(handle, stream, entityId, expectedVersion);
    appendLocked(handle, ventureId, stream, entityId, type, payloadJson);
    return expectedVersion + 1;
  }

  /** Appends to an aggregate whose head this transaction has locked. */
  static void appendLocked(Handle handle, Long ventureId, EventStream stream, long entityId, String type, String payload) {
    handle.createUpdate("WITH head AS (UPDATE strata_event_heads SET version = version + 1 "
            + "WHERE stream = :stream AND entity_id = :entity RETURNING version) "
            + "INSERT INTO strata_event_log (venture_id, stream, entity_id, type, payload, version) "
            + "SELECT :venture, :stream, :entity, :type, CAST(:payload AS jsonb), version FROM head")
        .bind("venture", ventureId).bind("stream", stream.column()).bind("entity", entityId).bind("type", type)
        .bind("payload", payload).execute();
  }

  private static void checkAppend(Handle handle, Long ventureId, EventStream stream, long entityId, String type,
      String payloadJson) {
    Args.notNull(handle, "handle");
    if (ventureId != null) {
      Args.id(ventureId, "ventureId");
    }
    Args.notNull(stream, "stream");
    Args.id(entityId, "entityId");
    checkType(type);
    Args.notNull(payloadJson, "payloadJson");
  }

  /** The aggregate's current version: its number of events (0 for none). */
  public long version(EventStream stream, long entityId) {
    Args.notNull(stream, "stream");
    Args.id(entityId, "entityId");
    return jdbi.withHandle(h -> Aggregates.version(h, stream, entityId));
  }

  /**
   * The events of one venture with an id above {@code afterId} (0: from the start), oldest first, at
   * most {@code limit} ({@code 1..}{@value #MAX_PAGE}): the venture's audit trail, paged by the last
   * id seen. (For consumers that must never miss a late-committing event, use {@link #feed}.)
   */
  public List<LoggedEvent> ventureTrail(long ventureId, long afterId, int limit) {
    Args.id(ventureId, "ventureId");
    if (afterId < 0) {
      throw new IllegalArgumentException("afterId must be >= 0, was: " + afterId);
    }
    Args.limit(limit, MAX_PAGE, "limit");
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM strata_event_log "
            + "WHERE venture_id = :venture AND id > :after ORDER BY id LIMIT :limit")
        .bind("venture", ventureId).bind("after", afterId).bind("limit", limit).map(EventLog::row).list());
  }

  /**
   * The aggregate's state after its event {@code version}, folded from the log: the projection row
   * as JSON text (calendar events with their {@code completed_at}), or empty when it did not exist
   * at that version (not yet created, or cancelled).
   */
  public java.util.Optional<String> stateAt(EventStream stream, long entityId, long version) {
    Args.notNull(stream, "stream");
    Args.id(entityId, "entityId");
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, was: " + version);
    }
    return java.util.Optional.ofNullable(jdbi.withHandle(h -> Projections.stateAt(h, stream, entityId, version)));
  }

  /**
   * Rewrites one aggregate's projection row from its events, in {@code handle}'s transaction.
   *
   * @return 1, or 0 when its history does not start with its creation (the row is left alone)
   */
  public int rebuild(Handle handle, EventStream stream, long entityId) {
    Args.notNull(handle, "handle");
    Args.notNull(stream, "stream");
    Args.id(entityId, "entityId");
    return Projections.rebuild(handle, stream, entityId);
  }

  /**
   * Rewrites the projection rows of every aggregate of {@code stream} whose history starts with its
   * creation, in {@code handle}'s transaction; rows without such a history are left alone.
   *
   * @return the number of aggregates rebuilt
   */
  public int rebuildAll(Handle handle, EventStream stream) {
    Args.notNull(handle, "handle");
    Args.notNull(stream, "stream");
    return Projections.rebuild(handle, stream, null);
  }

  /**
   * Returns an aggregate to its state at {@code toVersion} by appending one compensating event
   * ({@code event_reverted} / {@code notification_reverted}, payload {@code {"to_version": n, "state": ...}})
   * and rebuilding its projection row; nothing in the log is deleted. In {@code handle}'s transaction.
   *
   * @param expectedVersion the version the caller saw; {@code toVersion} must be in {@code 1..expectedVersion-1}
   * @return the aggregate's new version, {@code expectedVersion + 1}
   * @throws VersionConflictException if the aggregate is not at {@code expectedVersion}
   * @throws IllegalStateException if its history does not start with its creation
   */
  public long rollback(Handle handle, EventStream stream, long entityId, long toVersion, long expectedVersion) {
    Args.notNull(handle, "handle");
    Args.notNull(stream, "stream");
    Args.id(entityId, "entityId");
    if (toVersion < 1 || toVersion >= expectedVersion) {
      throw new IllegalArgumentException("toVersion must be in 1..expectedVersion-1 (" + (expectedVersion - 1)
          + "), was: " + toVersion);
    }
    Aggregates.expect(handle, stream, entityId, expectedVersion);
    if (!Projections.hasCompleteHistory(handle, stream, entityId)) {
      throw new IllegalStateException("aggregate " + stream.column() + "/" + entityId
          + " has no history from its creation; it cannot be rolled back");
    }
    Long venture = handle.createQuery("SELECT venture_id FROM strata_event_log WHERE stream = :s AND entity_id = :id "
            + "AND version = 1").bind("s", stream.column()).bind("id", entityId).mapTo(Long.class).one();
    String payload = handle.createQuery("SELECT jsonb_build_object('to_version', CAST(:v AS bigint), 'state', "
            + "(SELECT strata_event_fold(type, payload ORDER BY version) FROM strata_event_log "
            + "WHERE stream = :s AND entity_id = :id AND version <= :v))::text")
        .bind("s", stream.column()).bind("id", entityId).bind("v", toVersion).mapTo(String.class).one();
    appendLocked(handle, venture, stream, entityId, stream.revertedType(), payload);
    Projections.rebuild(handle, stream, entityId);
    return expectedVersion + 1;
  }

  static String checkType(String type) {
    Args.notNull(type, "type");
    if (!TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "type must be 1-64 lower-case letters, digits, '_' or '.', starting with a letter, was: '" + type + "'");
    }
    return type;
  }

  /** Every event of one entity in version order: its audit trail. */
  public List<LoggedEvent> history(EventStream stream, long entityId) {
    Args.notNull(stream, "stream");
    Args.id(entityId, "entityId");
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM strata_event_log "
            + "WHERE stream = :stream AND entity_id = :entity ORDER BY version")
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
        rs.getLong("version"), rs.getString("type"), rs.getString("payload"), rs.getObject("recorded_at", java.time.OffsetDateTime.class));
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
