package dev.strata.examples.bench.workload;

import dev.strata.core.content.ContentCreated;
import dev.strata.core.content.NewContent;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.domain.Notification;
import dev.strata.core.finance.MonthlyFinancials;
import java.util.List;

/**
 * One way of serving the workload's pages: the seed's baseline, the seed's plan as written, or
 * Strata. Every data call a page makes goes through here, so the three stacks run the same driver
 * code on the same data. Implementations are thread-safe; the virtual users call them concurrently.
 */
public interface WorkloadStack extends AutoCloseable {

  /** The stack's name in result keys ({@code scaling.<name>.users_N...}). */
  String name();

  /** The user's dashboard: active ventures, each with its income, recent drafts, posts and upcoming events. */
  Dashboard dashboard(long userId) throws Exception;

  /** A venture's context page: its newest shared assets and its soonest calendar events. */
  ContextPage ventureContext(long userId, long ventureId) throws Exception;

  /** A venture's monthly financial statistics over the last year. */
  List<MonthlyFinancials> monthlyFinancials(long userId, long ventureId) throws Exception;

  /** The user's newest unread notifications. */
  List<Notification> notifications(long userId) throws Exception;

  /** Creates content through the cascading write (draft, calendar event, notification, indexing). */
  ContentCreated createContent(long userId, NewContent content) throws Exception;

  /** A semantic search in one venture; returns the number of hits. */
  int search(long userId, long ventureId, String query) throws Exception;

  /** What the stack counted on its side since the last {@link #resetCounters()}. */
  StackCounters counters();

  /** Zeroes the client-side counters (statements, pool peaks, cache, searches, embedding calls). */
  void resetCounters();

  /** Data sources whose idle connections the runner retires so that the server's statistics are flushed. */
  List<com.zaxxer.hikari.HikariDataSource> pools();

  /** Removes what the stack left behind on shared servers (Redis keys, outbox rows); called once at the end. */
  default void cleanUp() throws Exception {}

  @Override
  void close();
}
