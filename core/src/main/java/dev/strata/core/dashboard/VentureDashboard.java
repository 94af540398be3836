package dev.strata.core.dashboard;

import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.SocialPost;
import dev.strata.core.domain.Venture;
import java.math.BigDecimal;
import java.util.List;

/**
 * One venture on the dashboard.
 *
 * @param venture        the venture
 * @param monthlyIncome  sum of its income records dated on or after the requested date (0 when none)
 * @param recentDrafts   its 10 most recent content drafts, newest first (ties by id, highest first)
 * @param recentPosts    its 10 most recent social posts, newest first (ties by id, highest first)
 * @param upcomingEvents its next 20 calendar events starting at or after "now", soonest first (ties by id)
 */
public record VentureDashboard(Venture venture, BigDecimal monthlyIncome, List<ContentDraft> recentDrafts,
    List<SocialPost> recentPosts, List<CalendarEvent> upcomingEvents) {

  /** Copies the lists. */
  public VentureDashboard {
    recentDrafts = List.copyOf(recentDrafts);
    recentPosts = List.copyOf(recentPosts);
    upcomingEvents = List.copyOf(upcomingEvents);
  }
}
