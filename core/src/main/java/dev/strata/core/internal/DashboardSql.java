package dev.strata.core.internal;

/** The dashboard templates: the one-round-trip statement and the naive plan's five. SQL with Jdbi named parameters; not API. */
public final class DashboardSql {

  private DashboardSql() {}

  public static final String NAIVE_VENTURES = "SELECT * FROM ventures WHERE user_id = :user AND is_active = true ORDER BY id";

  public static final String NAIVE_INCOME = "SELECT coalesce(sum(amount), 0) FROM financial_records "
      + "WHERE venture_id = :venture AND kind = 'income' AND record_date >= :since";

  public static final String NAIVE_DRAFTS = "SELECT * FROM content_drafts WHERE venture_id = :venture "
      + "ORDER BY created_at DESC, id DESC LIMIT 10";

  public static final String NAIVE_POSTS = "SELECT * FROM social_posts WHERE venture_id = :venture "
      + "ORDER BY created_at DESC, id DESC LIMIT 10";

  public static final String NAIVE_EVENTS = "SELECT * FROM calendar_events WHERE venture_id = :venture AND start_date >= :now "
      + "ORDER BY start_date, id LIMIT 20";

  public static final String ONE_ROUND_TRIP = """
      WITH params AS MATERIALIZED (
        SELECT CAST(:user AS bigint) AS user_id, CAST(:since AS date) AS since, CAST(:now AS timestamptz) AS at
      ),
      v AS (
        SELECT id, user_id, name, is_active, created_at FROM ventures
         WHERE user_id = (SELECT user_id FROM params) AND is_active
      )
      SELECT 'v' AS kind, v.id AS venture_id, v.id, 0::bigint AS ord, v.user_id AS num,
             v.name AS t1, NULL::text AS t2, NULL::text AS t3,
             v.created_at AS ts1, NULL::timestamptz AS ts2, NULL::timestamptz AS ts3, v.is_active AS flag,
             (SELECT coalesce(sum(f.amount), 0) FROM financial_records f
               WHERE f.venture_id = v.id AND f.kind = 'income' AND f.record_date >= (SELECT since FROM params)) AS amount
        FROM v
      UNION ALL
      SELECT 'd', v.id, d.id, d.ord, NULL, d.title, d.body, d.status, d.created_at, d.updated_at, NULL, NULL, NULL
        FROM v CROSS JOIN LATERAL (
          SELECT id, title, body, status, created_at, updated_at,
                 row_number() OVER (ORDER BY created_at DESC, id DESC) AS ord
            FROM content_drafts WHERE venture_id = v.id ORDER BY created_at DESC, id DESC LIMIT 10) d
      UNION ALL
      SELECT 'p', v.id, p.id, p.ord, NULL, p.platform, p.content, p.status, p.scheduled_at, p.created_at, NULL,
             NULL, NULL
        FROM v CROSS JOIN LATERAL (
          SELECT id, platform, content, status, scheduled_at, created_at,
                 row_number() OVER (ORDER BY created_at DESC, id DESC) AS ord
            FROM social_posts WHERE venture_id = v.id ORDER BY created_at DESC, id DESC LIMIT 10) p
      UNION ALL
      SELECT 'e', v.id, e.id, e.ord, NULL, e.title, e.kind, NULL, e.start_date, e.end_date, e.created_at, NULL, NULL
        FROM v CROSS JOIN LATERAL (
          SELECT id, title, kind, start_date, end_date, created_at,
                 row_number() OVER (ORDER BY start_date, id) AS ord
            FROM calendar_events WHERE venture_id = v.id AND start_date >= (SELECT at FROM params)
           ORDER BY start_date, id LIMIT 20) e
      ORDER BY venture_id, kind, ord
      """;
}
