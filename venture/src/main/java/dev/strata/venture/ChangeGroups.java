package dev.strata.venture;

import dev.strata.core.tx.ChangeSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one place that says which of {@link VentureKeys}' groups a committed {@link ChangeSet} makes
 * stale, and how:
 *
 * <table>
 * <caption>change → groups</caption>
 * <tr><th>a changed venture whose declared tables are</th><th>venture</th><th>venture's finance</th><th>owner</th></tr>
 * <tr><td>only content tables ({@link #CONTENT_TABLES}: drafts, calendar events, notifications,
 *     asset usage, outbox jobs)</td><td>content</td><td>—</td><td>content</td></tr>
 * <tr><td>only {@code financial_records}</td><td>—</td><td>invalidate</td><td>invalidate (the dashboard's income)</td></tr>
 * <tr><td>anything else, or none declared (a new or renamed venture, a host's unit that declares only
 *     the venture)</td><td>invalidate</td><td>invalidate</td><td>invalidate</td></tr>
 * </table>
 *
 * <p>A changed user who owns none of the changed ventures: their group is invalidated. When two rules
 * name one group, {@link Change#INVALIDATE} wins. {@link Change#CONTENT} means only content rows were
 * added: the group may be patched with those rows ({@code VentureCacheBinding#contentCreated}); without
 * the rows it is invalidated like any other. Content never touches the finance group (no figure counts
 * drafts, events or notifications) nor, when patched, the owner's venture list.
 */
final class ChangeGroups {

  /** What a change does to a group. */
  enum Change {
    /** Only content rows were added to the group's venture (or for its owner): patchable with them. */
    CONTENT,
    /** Anything else: the group is invalidated. */
    INVALIDATE
  }

  /** Tables whose new rows only content pages show. */
  static final Set<String> CONTENT_TABLES = Set.of("content_drafts", "calendar_events", "notifications",
      "content_asset_usage", "strata_outbox");
  /** The table of income and expense records. */
  static final String FINANCIAL_TABLE = "financial_records";

  private ChangeGroups() {}

  /** The groups {@code changes} makes stale, each with what to do, in a stable order (ventures first). */
  static Map<String, Change> of(ChangeSet changes) {
    Set<String> tables = changes.entities().keySet();
    boolean contentOnly = !tables.isEmpty() && CONTENT_TABLES.containsAll(tables);
    boolean financeOnly = tables.equals(Set.of(FINANCIAL_TABLE));
    Map<String, Change> groups = new LinkedHashMap<>();
    changes.ventureOwners().forEach((venture, owner) -> {
      if (contentOnly) {
        put(groups, VentureKeys.ventureGroup(venture), Change.CONTENT);
      } else if (financeOnly) {
        put(groups, VentureKeys.ventureFinanceGroup(venture), Change.INVALIDATE);
      } else {
        put(groups, VentureKeys.ventureGroup(venture), Change.INVALIDATE);
        put(groups, VentureKeys.ventureFinanceGroup(venture), Change.INVALIDATE);
      }
    });
    for (long user : changes.users()) {
      boolean owner = changes.ventureOwners().containsValue(user);
      put(groups, VentureKeys.userGroup(user), owner && contentOnly ? Change.CONTENT : Change.INVALIDATE);
    }
    return groups;
  }

  private static void put(Map<String, Change> groups, String group, Change change) {
    groups.merge(group, change, (a, b) -> a == Change.INVALIDATE || b == Change.INVALIDATE ? Change.INVALIDATE : a);
  }
}
