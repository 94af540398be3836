package dev.strata.examples.jmh;

import dev.strata.cache.CacheStats;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.dashboard.VentureDashboard;
import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.SocialPost;
import dev.strata.core.domain.Venture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the benchmarks share: the cached value, and waiting for testkit's Redis to answer. */
final class Fixtures {

  private Fixtures() {}

  /**
   * A dashboard shaped like the harness's (two active ventures, each with 10 drafts, 10 posts and 20
   * events), built in memory so the cache benchmarks need no database.
   */
  static Dashboard dashboard(long userId) {
    OffsetDateTime t = OffsetDateTime.of(2026, 11, 1, 9, 30, 0, 0, ZoneOffset.UTC);
    List<VentureDashboard> ventures = new ArrayList<>();
    for (int v = 0; v < 2; v++) {
      long vid = userId * 10 + v;
      List<ContentDraft> drafts = new ArrayList<>();
      List<SocialPost> posts = new ArrayList<>();
      List<CalendarEvent> events = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        drafts.add(new ContentDraft(vid * 100 + i, vid, "Draft " + i, "Body of draft " + i + " for venture " + vid, "draft",
            t.minusDays(i), t.minusDays(i).plusHours(2)));
        posts.add(new SocialPost(vid * 100 + i, vid, "linkedin", "Post " + i + " of venture " + vid, "scheduled",
            t.plusDays(i), t.minusDays(i)));
      }
      for (int i = 0; i < 20; i++) {
        events.add(new CalendarEvent(vid * 100 + i, vid, "Event " + i, "meeting", t.plusDays(i), t.plusDays(i).plusHours(1),
            t.minusDays(30)));
      }
      ventures.add(new VentureDashboard(new Venture(vid, userId, "Venture " + vid, true, t.minusYears(1)),
          new BigDecimal("12345.67"), drafts, posts, events));
    }
    return new Dashboard(userId, ventures);
  }

  /**
   * Waits until Redis at {@code uri} answers PING (up to a minute): a fork that builds its cache
   * while a busy machine is still bringing Redis up would start with the cache's circuit open.
   */
  static void awaitRedis(String uri) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    RedisClient client = RedisClient.create(uri);
    try {
      while (true) {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
          if ("PONG".equals(c.sync().ping())) {
            return;
          }
        } catch (RedisException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Redis at " + uri + " did not answer PING within a minute", e);
          }
        }
        Thread.sleep(100);
      }
    } finally {
      client.shutdown();
    }
  }

  /**
   * Fails the trial when the cache did not serve every call from the tier the benchmark measures
   * (say, L1 cleared by a lost subscription, or Redis unreachable): the score would describe another path.
   */
  static void requireOnlyHits(String benchmark, CacheStats stats, boolean l1) {
    long misses = l1 ? stats.l1Misses() : stats.l2Misses();
    if (stats.loads() != 0 || misses != 0 || stats.l2Errors() != 0) {
      throw new IllegalStateException(benchmark + ": not every call was a hit of the measured tier, the score is void: " + stats);
    }
  }
}
