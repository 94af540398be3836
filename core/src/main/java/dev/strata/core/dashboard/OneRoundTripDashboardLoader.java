package dev.strata.core.dashboard;

import dev.strata.core.Args;
import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.SocialPost;
import dev.strata.core.domain.Venture;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The whole dashboard in one statement: the user's active ventures in a CTE, each venture's income
 * as a scalar subquery, and its three feeds as {@code LATERAL} top-N subqueries, each served by its
 * {@code (venture_id, created_at DESC)} or {@code (venture_id, start_date)} index. The feeds come back
 * as one {@code UNION ALL} of rows of a common wide shape, tagged by kind and ordered, so the driver
 * streams typed columns (no JSON to build on the server or parse here) and the cost of the round
 * trip does not grow with the number of ventures.
 */
final class OneRoundTripDashboardLoader implements DashboardLoader {

  /*
   * The parameters enter through a materialized CTE, read back as scalar subqueries (init plans),
   * rather than as plain bind parameters. With plain parameters PostgreSQL plans this 13-relation
   * statement again on every execution (a custom plan costs ~250 µs of planning, as much as running
   * it) because it can use the values for selectivity estimates; behind init plans the values are
   * unknown at planning time, custom and generic plans cost the same, and the server keeps the
   * generic plan of the prepared statement. Every access path stays an index scan on the value
   * known at execution time (PlansIT checks it).
   */
  static final String SQL = """
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

  private final Jdbi jdbi;

  OneRoundTripDashboardLoader(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Dashboard load(long userId, LocalDate incomeSince, OffsetDateTime now) {
    Args.id(userId, "userId");
    Args.notNull(incomeSince, "incomeSince");
    Args.notNull(now, "now");
    return jdbi.withHandle(h -> h.createQuery(SQL)
        .bind("user", userId).bind("since", incomeSince).bind("now", now)
        .scanResultSet((supplier, ctx) -> {
          Map<Long, Assembly> byVenture = new LinkedHashMap<>();
          try (ResultSet rs = supplier.get()) {
            while (rs.next()) {
              read(rs, byVenture.computeIfAbsent(rs.getLong("venture_id"), k -> new Assembly()));
            }
          }
          List<VentureDashboard> ventures = new ArrayList<>(byVenture.size());
          byVenture.values().forEach(a -> ventures.add(a.build()));
          return new Dashboard(userId, ventures);
        }));
  }

  private static void read(ResultSet rs, Assembly a) throws SQLException {
    long ventureId = rs.getLong("venture_id");
    long id = rs.getLong("id");
    switch (rs.getString("kind")) {
      case "v" -> {
        a.venture = new Venture(id, rs.getLong("num"), rs.getString("t1"), rs.getBoolean("flag"), ts(rs, "ts1"));
        a.income = rs.getBigDecimal("amount");
      }
      case "d" -> a.drafts.add(new ContentDraft(id, ventureId, rs.getString("t1"), rs.getString("t2"),
          rs.getString("t3"), ts(rs, "ts1"), ts(rs, "ts2")));
      case "p" -> a.posts.add(new SocialPost(id, ventureId, rs.getString("t1"), rs.getString("t2"),
          rs.getString("t3"), ts(rs, "ts1"), ts(rs, "ts2")));
      case "e" -> a.events.add(new CalendarEvent(id, ventureId, rs.getString("t1"), rs.getString("t2"),
          ts(rs, "ts1"), ts(rs, "ts2"), ts(rs, "ts3")));
      default -> throw new IllegalStateException("unexpected row kind " + rs.getString("kind"));
    }
  }

  private static OffsetDateTime ts(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class);
  }

  /** Rows of one venture, gathered in statement order. */
  private static final class Assembly {
    Venture venture;
    BigDecimal income;
    final List<ContentDraft> drafts = new ArrayList<>();
    final List<SocialPost> posts = new ArrayList<>();
    final List<CalendarEvent> events = new ArrayList<>();

    VentureDashboard build() {
      return new VentureDashboard(venture, income, drafts, posts, events);
    }
  }
}
