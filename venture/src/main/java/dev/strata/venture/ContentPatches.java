package dev.strata.venture;

import dev.strata.core.content.ContentCreated;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.dashboard.VentureDashboard;
import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.Notification;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The cached pages with the rows one {@code ContentWorkflow.create} added, exactly as a fresh load
 * after the write returns them. Each patch is an insert by id into a top-N list in the page's own
 * order, then a trim: pure, idempotent (a row already there is replaced by itself) and
 * order-independent (the top N of a union does not depend on the order the rows came in), as
 * {@code TieredCache.updateGroup} requires, so a refill that already read the row, or another write's
 * patch, never loses or duplicates one.
 */
final class ContentPatches {

  /** Dashboard and context drafts: newest first, ties by id, highest first. */
  static final Comparator<ContentDraft> DRAFTS = Comparator.comparing((ContentDraft d) -> d.createdAt().toInstant())
      .reversed().thenComparing(Comparator.comparingLong(ContentDraft::id).reversed());
  /** Calendar events: soonest first, ties by id. */
  static final Comparator<CalendarEvent> EVENTS = Comparator.comparing((CalendarEvent e) -> e.startDate().toInstant())
      .thenComparingLong(CalendarEvent::id);
  /** Unread notifications: newest first, ties by id, highest first. */
  static final Comparator<Notification> NOTIFICATIONS = Comparator
      .comparing((Notification n) -> n.createdAt().toInstant()).reversed()
      .thenComparing(Comparator.comparingLong(Notification::id).reversed());
  /** Upcoming events on a dashboard, per venture (core's dashboard query). */
  static final int DASHBOARD_EVENTS = 20;

  private ContentPatches() {}

  /**
   * The owner's dashboard: the draft into its venture's 10 recent drafts; the event into its 20
   * upcoming events if it starts at or after {@code now} (the dashboard's "now"). A venture that is
   * not on the dashboard (inactive, or another user's) is left as it is.
   */
  static Dashboard dashboard(Dashboard d, ContentCreated c, OffsetDateTime now) {
    long venture = c.draft().ventureId();
    List<VentureDashboard> ventures = new ArrayList<>(d.ventures().size());
    for (VentureDashboard v : d.ventures()) {
      if (v.venture().id() != venture) {
        ventures.add(v);
        continue;
      }
      List<CalendarEvent> events = c.calendarEvent().startDate().toInstant().isBefore(now.toInstant())
          ? v.upcomingEvents() : insert(v.upcomingEvents(), c.calendarEvent(), CalendarEvent::id, EVENTS, DASHBOARD_EVENTS);
      ventures.add(new VentureDashboard(v.venture(), v.monthlyIncome(),
          insert(v.recentDrafts(), c.draft(), ContentDraft::id, DRAFTS, VentureReads.RECENT_DRAFTS), v.recentPosts(),
          events));
    }
    return new Dashboard(d.userId(), ventures);
  }

  /** The venture's context: the draft into its 10 newest drafts, the event into its first page of events. */
  static VentureContext context(VentureContext x, ContentCreated c) {
    List<CalendarEvent> all = insert(x.events(), c.calendarEvent(), CalendarEvent::id, EVENTS, Integer.MAX_VALUE);
    boolean more = x.moreEvents() || all.size() > VentureReads.CONTEXT_PAGE;
    return new VentureContext(x.ventureId(),
        insert(x.recentDrafts(), c.draft(), ContentDraft::id, DRAFTS, VentureReads.RECENT_DRAFTS),
        all.subList(0, Math.min(all.size(), VentureReads.CONTEXT_PAGE)), more, x.assets(), x.moreAssets());
  }

  /** The owner's first page of unread notifications: the notification, if it is theirs and unread. */
  static List<Notification> unreadNotifications(List<Notification> page, long userId, ContentCreated c) {
    Notification n = c.notification();
    if (n.userId() != userId || n.read()) {
      return page;
    }
    return insert(page, n, Notification::id, NOTIFICATIONS, VentureReads.CONTEXT_PAGE);
  }

  /** {@code list} with {@code row} in place of the row of its id (or added), sorted, first {@code n}. */
  static <T> List<T> insert(List<T> list, T row, ToLongFunction<T> id, Comparator<T> order, int n) {
    long rowId = id.applyAsLong(row);
    List<T> all = new ArrayList<>(list.size() + 1);
    for (T t : list) {
      if (id.applyAsLong(t) != rowId) {
        all.add(t);
      }
    }
    all.add(row);
    all.sort(order);
    return List.copyOf(all.subList(0, Math.min(n, all.size())));
  }
}
