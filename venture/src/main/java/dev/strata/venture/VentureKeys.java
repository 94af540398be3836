package dev.strata.venture;

import dev.strata.cache.CacheKey;
import dev.strata.cache.TieredCache;
import dev.strata.core.finance.FinancialQueries;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * The venture product's cache keys, each bound to its TTL, grouped so that a change to a venture
 * invalidates only that venture and its owner, and only what the change can affect (which change
 * touches which group: {@link ChangeGroups}):
 *
 * <table>
 * <caption>keys</caption>
 * <tr><th>what</th><th>group / name</th><th>TTL</th></tr>
 * <tr><td>a user's venture list</td><td>{@code user:{id}} / {@code ventures}</td><td>30 min</td></tr>
 * <tr><td>a user's dashboard</td><td>{@code user:{id}} / {@code dashboard:{incomeSince}}</td><td>10 min</td></tr>
 * <tr><td>a user's unread notifications, first page</td><td>{@code user:{id}} / {@code notifications}</td><td>1 min</td></tr>
 * <tr><td>a venture's financial statistics</td><td>{@code venture:{id}:finance} / {@code stats:...}</td><td>5 min</td></tr>
 * <tr><td>a venture's context</td><td>{@code venture:{id}} / {@code context}</td><td>15 min</td></tr>
 * <tr><td>a venture's recent content</td><td>{@code venture:{id}} / {@code recent:{type}}</td><td>10 min</td></tr>
 * </table>
 *
 * <p>The original plan's {@code invalidateVentureData} ran {@code KEYS venture:42:*} and
 * {@code KEYS user:*:ventures}: two full-keyspace scans that block Redis, and it dropped every user's
 * venture list because one venture changed. {@link #invalidateVenture} is one INCR per group.
 */
public final class VentureKeys {

  /** TTL of a user's venture list. */
  public static final Duration USER_VENTURES_TTL = Duration.ofMinutes(30);
  /** TTL of a user's dashboard. */
  public static final Duration DASHBOARD_TTL = Duration.ofMinutes(10);
  /** TTL of a user's first page of unread notifications. */
  public static final Duration NOTIFICATIONS_TTL = Duration.ofMinutes(1);
  /** TTL of a venture's financial statistics. */
  public static final Duration FINANCIAL_STATS_TTL = Duration.ofMinutes(5);
  /** TTL of a venture's context. */
  public static final Duration VENTURE_CONTEXT_TTL = Duration.ofMinutes(15);
  /** TTL of a venture's recent content. */
  public static final Duration RECENT_CONTENT_TTL = Duration.ofMinutes(10);

  /** Key names within the groups, for {@code TieredCache.updateGroup}. */
  static final String VENTURES = "ventures";
  static final String NOTIFICATIONS = "notifications";
  static final String CONTEXT = "context";

  private VentureKeys() {}

  static String dashboardName(LocalDate incomeSince) {
    return "dashboard:" + incomeSince;
  }

  /** The group of everything cached for a venture. */
  public static String ventureGroup(long ventureId) {
    return "venture:" + positive(ventureId, "ventureId");
  }

  /**
   * The group of a venture's financial figures: apart from the venture's other keys, so that content
   * written to the venture leaves them cached (financial writes invalidate it).
   */
  public static String ventureFinanceGroup(long ventureId) {
    return "venture:" + positive(ventureId, "ventureId") + ":finance";
  }

  /** The group of everything cached for a user. */
  public static String userGroup(long userId) {
    return "user:" + positive(userId, "userId");
  }

  /** A user's ventures ({@link #USER_VENTURES_TTL}). */
  public static CacheKey userVentures(long userId) {
    return CacheKey.of(userGroup(userId), VENTURES);
  }

  /** A user's dashboard with income counted from {@code incomeSince} ({@link #DASHBOARD_TTL}). */
  public static CacheKey dashboard(long userId, LocalDate incomeSince) {
    Objects.requireNonNull(incomeSince, "incomeSince");
    return CacheKey.of(userGroup(userId), dashboardName(incomeSince));
  }

  /** A user's first page of unread notifications, newest first ({@link #NOTIFICATIONS_TTL}). */
  public static CacheKey unreadNotifications(long userId) {
    return CacheKey.of(userGroup(userId), NOTIFICATIONS);
  }

  /** A venture's financial statistics for a date ({@link #FINANCIAL_STATS_TTL}). */
  public static CacheKey financialStats(long ventureId, LocalDate date) {
    Objects.requireNonNull(date, "date");
    return CacheKey.of(ventureFinanceGroup(ventureId), "stats:" + date);
  }

  /** A venture's monthly figures for {@code from..to} ({@link #FINANCIAL_STATS_TTL}). */
  public static CacheKey monthlyStats(long ventureId, YearMonth from, YearMonth to) {
    FinancialQueries.checkMonths(from, to);
    return CacheKey.of(ventureFinanceGroup(ventureId), "stats:" + from + ".." + to);
  }

  /** A venture's context ({@link #VENTURE_CONTEXT_TTL}). */
  public static CacheKey ventureContext(long ventureId) {
    return CacheKey.of(ventureGroup(ventureId), CONTEXT);
  }

  /** A venture's recent content of one type, e.g. {@code drafts} ({@link #RECENT_CONTENT_TTL}). */
  public static CacheKey recentContent(long ventureId, String type) {
    Objects.requireNonNull(type, "type");
    if (!type.matches("[a-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("type must be 1-64 of a-z, 0-9, '_' or '-', was: '" + type + "'");
    }
    return CacheKey.of(ventureGroup(ventureId), "recent:" + type);
  }

  /**
   * After a venture changed: invalidates all its keys (financial figures included) and everything
   * cached for its owner (venture list, dashboard, notifications), in Redis and in every instance's L1,
   * with {@code fence} (0: none; see {@link TieredCache#invalidateGroup(String, long)}). Other users'
   * entries are untouched.
   */
  public static void invalidateVenture(TieredCache cache, long ventureId, long ownerUserId, long fence) {
    Objects.requireNonNull(cache, "cache");
    String venture = ventureGroup(ventureId);
    String owner = userGroup(ownerUserId); // both checked before anything is invalidated
    cache.invalidateGroup(venture, fence);
    cache.invalidateGroup(ventureFinanceGroup(ventureId), fence);
    cache.invalidateGroup(owner, fence);
  }

  private static long positive(long id, String name) {
    if (id <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was: " + id);
    }
    return id;
  }
}
