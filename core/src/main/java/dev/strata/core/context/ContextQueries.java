package dev.strata.core.context;

import dev.strata.core.internal.Args;
import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.Notification;
import dev.strata.core.domain.SharedAsset;
import dev.strata.core.internal.ContextSql;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The venture context, paginated by keyset (never OFFSET, whose cost grows with the page number and
 * which skips or repeats rows when rows are inserted between pages). Each page asks for one row more
 * than it returns, to know whether another page exists without a count.
 *
 * <pre>{@code
 * ContextQueries context = ContextQueries.of(StrataJdbi.create(pool));
 * Page<SharedAsset> page = context.sharedAssets(ventureId, null, 50);
 * while (page.nextCursor() != null) {
 *   page = context.sharedAssets(ventureId, page.nextCursor(), 50);
 * }
 * }</pre>
 *
 * <p>Orders: shared assets and unread notifications newest first ({@code created_at DESC, id DESC});
 * calendar events soonest first ({@code start_date, id}). Rows inserted while a client pages never
 * make it see a row twice or miss one that existed when it started.
 */
public final class ContextQueries {

  /** Largest page size accepted: {@value}. */
  public static final int MAX_PAGE_SIZE = 200;

  private final Jdbi jdbi;

  private ContextQueries(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Queries over a {@code jdbi} configured by {@link dev.strata.core.StrataJdbi}. */
  public static ContextQueries of(Jdbi jdbi) {
    return new ContextQueries(Args.notNull(jdbi, "jdbi"));
  }

  /** A page of the venture's shared assets, newest first; {@code cursor} null for the first page. */
  public Page<SharedAsset> sharedAssets(long ventureId, String cursor, int pageSize) {
    Args.id(ventureId, "ventureId");
    return page(ContextSql.ASSETS, "venture", ventureId, "assets", cursor, pageSize, SharedAsset.class,
        a -> new Cursor("assets", "venture", ventureId, a.createdAt(), a.id()));
  }

  /** A page of the user's unread notifications, newest first; {@code cursor} null for the first page. */
  public Page<Notification> unreadNotifications(long userId, String cursor, int pageSize) {
    Args.id(userId, "userId");
    return page(ContextSql.UNREAD, "user", userId, "unread", cursor, pageSize, Notification.class,
        n -> new Cursor("unread", "user", userId, n.createdAt(), n.id()));
  }

  /** A page of the venture's calendar events, soonest first; {@code cursor} null for the first page. */
  public Page<CalendarEvent> calendarEvents(long ventureId, String cursor, int pageSize) {
    Args.id(ventureId, "ventureId");
    return page(ContextSql.EVENTS, "venture", ventureId, "events", cursor, pageSize, CalendarEvent.class,
        e -> new Cursor("events", "venture", ventureId, e.startDate(), e.id()));
  }

  /** Number of unread notifications of the user (served by the partial unread index). */
  public long unreadCount(long userId) {
    Args.id(userId, "userId");
    return jdbi.withHandle(h -> h.createQuery(ContextSql.UNREAD_COUNT).bind("user", userId).mapTo(Long.class).one());
  }

  private <T> Page<T> page(String sql, String owner, long ownerId, String kind, String cursor, int pageSize,
      Class<T> type, Function<T, Cursor> position) {
    Args.limit(pageSize, MAX_PAGE_SIZE, "pageSize");
    Cursor after = Cursor.decode(cursor, kind, owner, ownerId);
    // Two statements per listing (first page, next pages) rather than "IS NULL OR": each gets a plan
    // that seeks straight to the cursor in the index.
    List<T> rows = jdbi.withHandle(h -> {
      var q = h.createQuery(after == null ? ContextSql.firstPage(sql) : sql).bind(owner, ownerId).bind("limit", pageSize + 1);
      if (after != null) {
        q.bind("at", after.at()).bind("id", after.id());
      }
      return q.mapTo(type).list();
    });
    if (rows.size() <= pageSize) {
      return new Page<>(rows, null);
    }
    List<T> items = rows.subList(0, pageSize);
    return new Page<>(items, position.apply(items.get(pageSize - 1)).encode());
  }
}
