package dev.strata.core.dashboard;

import dev.strata.core.internal.Args;
import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.SocialPost;
import dev.strata.core.domain.Venture;
import dev.strata.core.internal.DashboardSql;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The original plan's dashboard: one statement for the ventures, then four per venture. Kept as the
 * reference the one-round-trip loader is tested against, and as the benchmark baseline. (The plan's
 * statements order by timestamp only; ties are broken by id here so both loaders are deterministic.)
 */
final class NaiveDashboardLoader implements DashboardLoader {

  private final Jdbi jdbi;

  NaiveDashboardLoader(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Dashboard load(long userId, LocalDate incomeSince, OffsetDateTime now) {
    Args.id(userId, "userId");
    Args.notNull(incomeSince, "incomeSince");
    Args.notNull(now, "now");
    return jdbi.withHandle(h -> {
      List<Venture> ventures = h.createQuery(DashboardSql.NAIVE_VENTURES).bind("user", userId).mapTo(Venture.class).list();
      List<VentureDashboard> out = new ArrayList<>(ventures.size());
      for (Venture v : ventures) {
        BigDecimal income = h.createQuery(DashboardSql.NAIVE_INCOME).bind("venture", v.id()).bind("since", incomeSince)
            .mapTo(BigDecimal.class).one();
        List<ContentDraft> drafts = h.createQuery(DashboardSql.NAIVE_DRAFTS).bind("venture", v.id()).mapTo(ContentDraft.class).list();
        List<SocialPost> posts = h.createQuery(DashboardSql.NAIVE_POSTS).bind("venture", v.id()).mapTo(SocialPost.class).list();
        List<CalendarEvent> events = h.createQuery(DashboardSql.NAIVE_EVENTS).bind("venture", v.id()).bind("now", now)
            .mapTo(CalendarEvent.class).list();
        out.add(new VentureDashboard(v, income, drafts, posts, events));
      }
      return new Dashboard(userId, out);
    });
  }
}
