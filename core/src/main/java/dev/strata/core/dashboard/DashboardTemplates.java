package dev.strata.core.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

/** The SQL of this package's templates by name, for plan checks (not part of the API's promises). */
public final class DashboardTemplates {

  private DashboardTemplates() {}

  /** Template name to SQL with Jdbi named parameters. */
  public static Map<String, String> all() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("dashboard.one_round_trip", OneRoundTripDashboardLoader.SQL);
    m.put("dashboard.naive.ventures", NaiveDashboardLoader.VENTURES);
    m.put("dashboard.naive.income", NaiveDashboardLoader.INCOME);
    m.put("dashboard.naive.drafts", NaiveDashboardLoader.DRAFTS);
    m.put("dashboard.naive.posts", NaiveDashboardLoader.POSTS);
    m.put("dashboard.naive.events", NaiveDashboardLoader.EVENTS);
    return m;
  }
}
