package dev.strata.core.context;

import java.util.LinkedHashMap;
import java.util.Map;

/** The SQL of this package's templates by name, for plan checks (not part of the API's promises). */
public final class ContextQueriesTemplates {

  private ContextQueriesTemplates() {}

  /** Template name to SQL with Jdbi named parameters. */
  public static Map<String, String> all() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("context.assets.first", ContextQueries.firstPage(ContextQueries.ASSETS));
    m.put("context.assets.next", ContextQueries.ASSETS);
    m.put("context.unread.first", ContextQueries.firstPage(ContextQueries.UNREAD));
    m.put("context.unread.next", ContextQueries.UNREAD);
    m.put("context.events.first", ContextQueries.firstPage(ContextQueries.EVENTS));
    m.put("context.events.next", ContextQueries.EVENTS);
    m.put("context.unread_count", ContextQueries.UNREAD_COUNT);
    return m;
  }
}
