package dev.strata.core.internal;

/**
 * The keyset-paginated context listings. The keyset predicate sits between an {@code after} and an
 * {@code end} comment marker and is cut for a first page. SQL with Jdbi named parameters; not API.
 */
public final class ContextSql {

  private ContextSql() {}

  public static final String ASSETS = """
      SELECT * FROM shared_assets WHERE venture_id = :venture
         /*after*/ AND (created_at, id) < (:at, :id) /*end*/
       ORDER BY created_at DESC, id DESC LIMIT :limit""";

  public static final String UNREAD = """
      SELECT * FROM notifications WHERE user_id = :user AND read = false
         /*after*/ AND (created_at, id) < (:at, :id) /*end*/
       ORDER BY created_at DESC, id DESC LIMIT :limit""";

  public static final String EVENTS = """
      SELECT * FROM calendar_events WHERE venture_id = :venture
         /*after*/ AND (start_date, id) > (:at, :id) /*end*/
       ORDER BY start_date, id LIMIT :limit""";

  public static final String UNREAD_COUNT = "SELECT count(*) FROM notifications WHERE user_id = :user AND read = false";

  /** The statement without its keyset condition. */
  public static String firstPage(String sql) {
    return sql.replaceAll("/\\*after\\*/.*?/\\*end\\*/", "");
  }
}
