package dev.strata.cache;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Value types shaped like core's dashboard records (cache must not depend on core). */
final class Samples {

  private Samples() {}

  record Post(long id, String title, OffsetDateTime createdAt, OffsetDateTime scheduledAt) {}

  record Board(long userId, BigDecimal income, List<Post> posts, boolean active) {
    Board {
      posts = List.copyOf(posts);
    }
  }

  static Post post(long id) {
    return new Post(id, "post " + id + " — ünïcode ✓", OffsetDateTime.of(2026, 3, 14, 15, 9, 26, 535_000_000,
        ZoneOffset.ofHours(2)), id % 2 == 0 ? null : OffsetDateTime.of(2026, 4, 1, 0, 0, 0, 0, ZoneOffset.UTC));
  }

  static Board board(long userId) {
    return new Board(userId, new BigDecimal("1234.50"), List.of(post(1), post(2), post(3)), true);
  }
}
