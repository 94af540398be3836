package dev.strata.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every query template's SQL by name, for plan checks (each must use an index, also as a generic plan). */
public final class QueryTemplates {

  private QueryTemplates() {}

  /** Template name to SQL with Jdbi named parameters. */
  public static Map<String, String> all() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("dashboard.one_round_trip", DashboardSql.ONE_ROUND_TRIP);
    m.put("dashboard.naive.ventures", DashboardSql.NAIVE_VENTURES);
    m.put("dashboard.naive.income", DashboardSql.NAIVE_INCOME);
    m.put("dashboard.naive.drafts", DashboardSql.NAIVE_DRAFTS);
    m.put("dashboard.naive.posts", DashboardSql.NAIVE_POSTS);
    m.put("dashboard.naive.events", DashboardSql.NAIVE_EVENTS);
    m.put("finance.income_since", FinanceSql.INCOME_SINCE);
    m.put("finance.monthly_live", FinanceSql.MONTHLY_LIVE);
    m.put("finance.monthly_hybrid", FinanceSql.MONTHLY_HYBRID);
    m.put("context.assets.first", ContextSql.firstPage(ContextSql.ASSETS));
    m.put("context.assets.next", ContextSql.ASSETS);
    m.put("context.unread.first", ContextSql.firstPage(ContextSql.UNREAD));
    m.put("context.unread.next", ContextSql.UNREAD);
    m.put("context.events.first", ContextSql.firstPage(ContextSql.EVENTS));
    m.put("context.events.next", ContextSql.EVENTS);
    m.put("context.unread_count", ContextSql.UNREAD_COUNT);
    return m;
  }
}
