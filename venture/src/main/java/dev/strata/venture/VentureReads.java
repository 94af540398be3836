package dev.strata.venture;

import dev.strata.cache.FencedLoader;
import dev.strata.cache.TieredCache;
import dev.strata.cache.ValueType;
import dev.strata.core.StrataJdbi;
import dev.strata.core.tx.Transactor;
import dev.strata.core.context.ContextQueries;
import dev.strata.core.context.Page;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.dashboard.DashboardLoader;
import dev.strata.core.dashboard.DashboardQueries;
import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.Notification;
import dev.strata.core.domain.SharedAsset;
import dev.strata.core.domain.Venture;
import dev.strata.core.finance.FinancialQueries;
import dev.strata.core.finance.MonthlyFinancials;
import dev.strata.routing.RoutingDataSource;
import dev.strata.routing.RoutingScope;
import dev.strata.routing.RoutingSession;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The venture product's cached reads over {@link TieredCache}, with the TTLs of
 * {@link VentureKeys}: a user's dashboard, a venture's context, a venture's monthly financial figures,
 * a user's unread notifications and a user's venture list. Each miss reloads through the router from a source at least as fresh as
 * the group's fence — the WAL position of the last write {@link VentureCacheBinding} invalidated the
 * group for — so a refill right after a write never caches the pre-write rows of a lagging replica:
 * a replica that has replayed that far, else the primary. Without a fence (nothing fenced yet) the
 * load reads any replica in rotation.
 *
 * <pre>{@code
 * VentureReads reads = VentureReads.builder(cache, router).build();
 * Dashboard d = reads.dashboard(userId);
 * }</pre>
 *
 * <p>Thread-safe. Ids must be positive ({@link IllegalArgumentException} naming the argument).
 */
public final class VentureReads {

  private static final Logger log = LoggerFactory.getLogger(VentureReads.class);

  /** Entries of each first page in a {@link VentureContext}. */
  public static final int CONTEXT_PAGE = 20;
  /** Drafts in a {@link VentureContext}. */
  public static final int RECENT_DRAFTS = 10;

  private static final ValueType<List<Venture>> VENTURES = ValueType.listOf(Venture.class);
  private static final ValueType<List<Notification>> NOTIFICATIONS = ValueType.listOf(Notification.class);
  private static final ValueType<List<MonthlyFinancials>> MONTHS = ValueType.listOf(MonthlyFinancials.class);
  private static final String RECENT_DRAFTS_SQL = "SELECT * FROM content_drafts WHERE venture_id = :venture "
      + "ORDER BY created_at DESC, id DESC LIMIT " + RECENT_DRAFTS;
  private static final String VENTURES_SQL = "SELECT * FROM ventures WHERE user_id = :user ORDER BY id";

  private final TieredCache cache;
  private final RoutingDataSource router;
  private final Jdbi jdbi;
  private final DashboardLoader dashboards;
  private final ContextQueries context;
  private final FinancialQueries finance;
  private final Clock clock;

  private VentureReads(Builder b) {
    this.cache = b.cache;
    this.router = b.router;
    this.jdbi = StrataJdbi.create(b.router);
    this.dashboards = DashboardQueries.oneRoundTrip(jdbi);
    this.context = ContextQueries.of(jdbi);
    this.finance = FinancialQueries.of(jdbi);
    this.clock = b.clock;
  }

  /** A builder over {@code cache} and {@code router} (the router's replicas serve the reloads). */
  public static Builder builder(TieredCache cache, RoutingDataSource router) {
    return new Builder(cache, router);
  }

  /**
   * The user's dashboard (core's one-round-trip loader): income since the first day of the current
   * month, events from now on. Cached per user and month in the user's group.
   */
  public Dashboard dashboard(long userId) {
    LocalDate since = LocalDate.now(clock).withDayOfMonth(1);
    return cache.getOrSet(VentureKeys.dashboard(userId, since), Dashboard.class, VentureKeys.DASHBOARD_TTL,
        (FencedLoader<Dashboard>) fence -> at(fence, () -> dashboards.load(userId, since, OffsetDateTime.now(clock))));
  }

  /** The venture's context: latest drafts, first page of its calendar and of its shared assets. */
  public VentureContext context(long ventureId) {
    return cache.getOrSet(VentureKeys.ventureContext(ventureId), VentureContext.class, VentureKeys.VENTURE_CONTEXT_TTL,
        (FencedLoader<VentureContext>) fence -> at(fence, () -> loadContext(ventureId)));
  }

  /** The venture's figures per month for {@code from..to} (exact: core's hybrid of view and live rows). */
  public List<MonthlyFinancials> monthlyStats(long ventureId, YearMonth from, YearMonth to) {
    FinancialQueries.checkMonths(from, to);
    return cache.getOrSet(VentureKeys.monthlyStats(ventureId, from, to), MONTHS, VentureKeys.FINANCIAL_STATS_TTL,
        (FencedLoader<List<MonthlyFinancials>>) fence -> at(fence,
            () -> finance.monthlyHybrid(ventureId, from, to, YearMonth.now(clock))));
  }

  /**
   * The user's first {@value #CONTEXT_PAGE} unread notifications, newest first (page on with core's
   * {@code ContextQueries}). Cached in the user's group.
   */
  public List<Notification> unreadNotifications(long userId) {
    return cache.getOrSet(VentureKeys.unreadNotifications(userId), NOTIFICATIONS, VentureKeys.NOTIFICATIONS_TTL,
        (FencedLoader<List<Notification>>) fence -> at(fence,
            () -> context.unreadNotifications(userId, null, CONTEXT_PAGE).items()));
  }

  /** The user's ventures, active or not, by id. */
  public List<Venture> ventures(long userId) {
    return cache.getOrSet(VentureKeys.userVentures(userId), VENTURES, VentureKeys.USER_VENTURES_TTL,
        (FencedLoader<List<Venture>>) fence -> at(fence, () -> jdbi.withHandle(
            h -> h.createQuery(VENTURES_SQL).bind("user", userId).mapTo(Venture.class).list())));
  }

  private VentureContext loadContext(long ventureId) {
    List<ContentDraft> drafts = jdbi.withHandle(
        h -> h.createQuery(RECENT_DRAFTS_SQL).bind("venture", ventureId).mapTo(ContentDraft.class).list());
    Page<CalendarEvent> events = context.calendarEvents(ventureId, null, CONTEXT_PAGE);
    Page<SharedAsset> assets = context.sharedAssets(ventureId, null, CONTEXT_PAGE);
    return new VentureContext(ventureId, drafts, events.items(), events.nextCursor() != null, assets.items(),
        assets.nextCursor() != null);
  }

  /**
   * Makes {@code session}'s next reads at least as fresh as a cache fence of this module's groups, for a
   * host's own {@link FencedLoader} over {@link VentureKeys}' keys: the fence is the WAL position of the
   * commit that invalidated the group, so a read after this call cannot return the pre-write row.
   *
   * @param fence the fence handed to the loader; 0 (none recorded) changes nothing
   */
  public static void advanceTo(RoutingSession session, long fence) {
    Objects.requireNonNull(session, "session");
    if (fence != 0) {
      session.advance(Positions.tokenOf(fence));
    }
  }

  /**
   * Runs {@code query} in a read scope at least as fresh as {@code fence} (0: any replica in rotation).
   * If the connection fails under it (a server killed or restarted mid-read: SQLState 08 / 57P, I/O),
   * the query runs once more on the primary — at least as fresh as any fence — and, if that fails too
   * (the primary was the one that went away; the router now knows it), once more in a read scope,
   * which a replica that has replayed the fence can serve. The third failure is thrown.
   */
  private <T> T at(long fence, Supplier<T> query) {
    try {
      return inReadScope(fence, query);
    } catch (RuntimeException e) {
      if (!Transactor.isConnectionFailure(e)) {
        throw e;
      }
      log.warn("a cached read lost its database connection ({}); reading once more from the primary", e.toString());
    }
    try (RoutingScope primary = router.writeScope()) {
      return query.get();
    } catch (RuntimeException e) {
      if (!Transactor.isConnectionFailure(e)) {
        throw e;
      }
      log.warn("the primary failed the retried read too ({}); reading once more from a replica", e.toString());
    }
    return inReadScope(fence, query);
  }

  private <T> T inReadScope(long fence, Supplier<T> query) {
    RoutingSession session = router.session();
    advanceTo(session, fence);
    try (RoutingScope scope = session.readScope()) {
      return query.get();
    }
  }

  /** Builds {@link VentureReads}. */
  public static final class Builder {
    private final TieredCache cache;
    private final RoutingDataSource router;
    private Clock clock = Clock.systemDefaultZone();

    private Builder(TieredCache cache, RoutingDataSource router) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.router = Objects.requireNonNull(router, "router");
    }

    /** The clock of "this month" and "now" (default: the system clock in the default zone). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** The reads. */
    public VentureReads build() {
      return new VentureReads(this);
    }
  }
}
