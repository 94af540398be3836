package dev.strata.cache;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The original plan's cache keys and TTLs, grouped so that changing a venture invalidates only that
 * venture and its owner's list:
 *
 * <table>
 * <caption>keys</caption>
 * <tr><th>seed key</th><th>Strata key (group / name)</th><th>TTL</th></tr>
 * <tr><td>{@code user:{id}:ventures}</td><td>{@code user:{id}} / {@code ventures}</td><td>30 min</td></tr>
 * <tr><td>{@code venture:{id}:stats:{date}}</td><td>{@code venture:{id}} / {@code stats:{date}}</td><td>5 min</td></tr>
 * <tr><td>{@code venture:{id}:context}</td><td>{@code venture:{id}} / {@code context}</td><td>15 min</td></tr>
 * <tr><td>{@code venture:{id}:recent:{type}}</td><td>{@code venture:{id}} / {@code recent:{type}}</td><td>10 min</td></tr>
 * </table>
 *
 * <p>The seed's {@code invalidateVentureData} ran {@code KEYS venture:42:*} and {@code KEYS user:*:ventures}:
 * two full-keyspace scans that block Redis, and it dropped every user's venture list because one
 * venture changed. {@link #invalidateVenture} is one INCR for the venture's group plus one delete of
 * its owner's list.
 */
public final class SeedKeyPolicy {

  /** TTL of a user's venture list. */
  public static final Duration USER_VENTURES_TTL = Duration.ofMinutes(30);
  /** TTL of a venture's financial statistics. */
  public static final Duration FINANCIAL_STATS_TTL = Duration.ofMinutes(5);
  /** TTL of a venture's cross-feature context. */
  public static final Duration VENTURE_CONTEXT_TTL = Duration.ofMinutes(15);
  /** TTL of a venture's recent content. */
  public static final Duration RECENT_CONTENT_TTL = Duration.ofMinutes(10);

  private SeedKeyPolicy() {}

  /** The group of everything cached for a venture. */
  public static String ventureGroup(long ventureId) {
    return "venture:" + positive(ventureId, "ventureId");
  }

  /** The group of everything cached for a user. */
  public static String userGroup(long userId) {
    return "user:" + positive(userId, "userId");
  }

  /** A user's ventures ({@link #USER_VENTURES_TTL}). */
  public static CacheKey userVentures(long userId) {
    return CacheKey.of(userGroup(userId), "ventures");
  }

  /** A venture's financial statistics for a date ({@link #FINANCIAL_STATS_TTL}). */
  public static CacheKey financialStats(long ventureId, LocalDate date) {
    Objects.requireNonNull(date, "date");
    return CacheKey.of(ventureGroup(ventureId), "stats:" + date);
  }

  /** A venture's cross-feature context ({@link #VENTURE_CONTEXT_TTL}). */
  public static CacheKey ventureContext(long ventureId) {
    return CacheKey.of(ventureGroup(ventureId), "context");
  }

  /** A venture's recent content of one type, e.g. {@code drafts} ({@link #RECENT_CONTENT_TTL}). */
  public static CacheKey recentContent(long ventureId, String type) {
    return CacheKey.of(ventureGroup(ventureId), "recent:" + dev.strata.cache.internal.Checks.notBlank(type, "type"));
  }

  /**
   * After a venture changed: invalidates all its keys (one INCR) and its owner's venture list (one
   * delete), in Redis and in every instance's L1. Other users' lists are untouched.
   */
  public static void invalidateVenture(TieredCache cache, long ventureId, long ownerUserId) {
    Objects.requireNonNull(cache, "cache");
    cache.invalidateGroup(ventureGroup(ventureId));
    cache.invalidate(userVentures(ownerUserId));
  }

  private static long positive(long id, String name) {
    if (id <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was: " + id);
    }
    return id;
  }
}
