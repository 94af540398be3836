package dev.strata.core.context;

import static dev.strata.core.Sql.column;
import static dev.strata.core.Sql.exec;
import static dev.strata.core.Sql.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.StrataJdbi;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.Notification;
import dev.strata.core.domain.SharedAsset;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ContextQueriesIT {

  static ContextQueries context;

  @BeforeAll
  static void data(TestDatabase db) throws SQLException {
    StrataSchema.migrate(db.dataSource());
    DatasetGenerator.builder().seed(9).users(20).build().generate(db.dataSource());
    // ties on the sort timestamp, which only the id orders
    exec(db.dataSource(), "INSERT INTO shared_assets (venture_id, name, kind, url, size_bytes, created_at) "
        + "SELECT 1, 'tie' || g, 'image', 'u', 1, timestamptz '2026-01-01' FROM generate_series(1, 25) g");
    context = ContextQueries.of(StrataJdbi.create(db.dataSource()));
  }

  @Test
  void sharedAssets_walkEveryRowOnce_withConcurrentInserts(TestDatabase db) throws SQLException {
    List<String> before = column(db.dataSource(),
        "SELECT id FROM shared_assets WHERE venture_id = 1 ORDER BY created_at DESC, id DESC");
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<SharedAsset> page = context.sharedAssets(1, cursor, 7);
      page.items().forEach(a -> seen.add(Long.toString(a.id())));
      cursor = page.nextCursor();
      // a writer adds rows between pages: newer ones and one older than anything seen
      exec(db.dataSource(), "INSERT INTO shared_assets (venture_id, name, kind, url, size_bytes, created_at) VALUES "
          + "(1, 'new', 'image', 'u', 1, now()), (1, 'old', 'image', 'u', 1, timestamptz '2000-01-01')");
      pages++;
    } while (cursor != null && pages < 100);
    Set<String> unique = new HashSet<>(seen);
    assertEquals(seen.size(), unique.size(), "a row was returned twice");
    assertTrue(unique.containsAll(before), "a row that existed at the start was missed");
    assertTrue(pages >= before.size() / 7, "pages " + pages);
  }

  @Test
  void unreadNotifications_walkAll_andCountMatches(TestDatabase db) throws SQLException {
    long user = 3;
    List<Long> ids = new ArrayList<>();
    String cursor = null;
    do {
      Page<Notification> page = context.unreadNotifications(user, cursor, 4);
      page.items().forEach(n -> {
        assertTrue(!n.read() && n.userId() == user);
        ids.add(n.id());
      });
      cursor = page.nextCursor();
    } while (cursor != null);
    assertEquals(context.unreadCount(user), ids.size());
    assertEquals(scalar(db.dataSource(), "SELECT count(*) FROM notifications WHERE user_id = 3 AND NOT read"),
        Long.toString(ids.size()));
    assertEquals(ids.size(), new HashSet<>(ids).size());
  }

  @Test
  void calendarEvents_soonestFirst_lastPageHasNoCursor() {
    List<CalendarEvent> all = new ArrayList<>();
    String cursor = null;
    do {
      Page<CalendarEvent> page = context.calendarEvents(2, cursor, 200);
      all.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);
    for (int i = 1; i < all.size(); i++) {
      assertTrue(!all.get(i).startDate().isBefore(all.get(i - 1).startDate()), "out of order at " + i);
    }
    Page<CalendarEvent> exact = context.calendarEvents(2, null, all.size());
    assertNull(exact.nextCursor(), "a page holding the last row must not offer a next page");
  }

  @Test
  void badInput_namesTheArgument() {
    assertEquals("pageSize must be in 1..200, was: 201",
        assertThrows(IllegalArgumentException.class, () -> context.sharedAssets(1, null, 201)).getMessage());
    assertEquals("pageSize must be in 1..200, was: -1",
        assertThrows(IllegalArgumentException.class, () -> context.sharedAssets(1, null, -1)).getMessage());
    assertEquals("userId must be a positive id, was: 0",
        assertThrows(IllegalArgumentException.class, () -> context.unreadCount(0)).getMessage());
    IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
        () -> context.sharedAssets(1, "not-a-cursor!", 10));
    assertTrue(malformed.getMessage().startsWith("cursor must be a cursor returned by this assets listing"),
        malformed.getMessage());
    String eventsCursor = context.calendarEvents(2, null, 1).nextCursor();
    assertThrows(IllegalArgumentException.class, () -> context.sharedAssets(1, eventsCursor, 10));
  }

  @Test
  void cursor_ofOneOwner_isRejectedForAnother_likeATamperedCursor() {
    String ventureOne = context.sharedAssets(1, null, 2).nextCursor();
    assertTrue(context.sharedAssets(1, ventureOne, 2).items().size() > 0, "the cursor works for its own venture");
    long otherVenture = scalarOtherVentureWithAssets();
    IllegalArgumentException replayed = assertThrows(IllegalArgumentException.class,
        () -> context.sharedAssets(otherVenture, ventureOne, 2));
    assertEquals("cursor must be a cursor returned by this assets listing for venture " + otherVenture + ", was: "
        + ventureOne, replayed.getMessage());
    IllegalArgumentException tampered = assertThrows(IllegalArgumentException.class,
        () -> context.sharedAssets(otherVenture, ventureOne + "x", 2));
    assertTrue(tampered.getMessage().startsWith("cursor must be a cursor returned by this assets listing for venture "),
        tampered.getMessage());

    String eventsOfTwo = context.calendarEvents(2, null, 1).nextCursor();
    assertThrows(IllegalArgumentException.class, () -> context.calendarEvents(3, eventsOfTwo, 1));
    long user = firstUserWithUnread(2);
    String unread = context.unreadNotifications(user, null, 1).nextCursor();
    assertThrows(IllegalArgumentException.class, () -> context.unreadNotifications(user + 1, unread, 1));
  }

  private static long scalarOtherVentureWithAssets() {
    for (long v = 2; v < 200; v++) {
      if (!context.sharedAssets(v, null, 1).items().isEmpty()) {
        return v;
      }
    }
    throw new IllegalStateException("the dataset has no second venture with shared assets");
  }

  private static long firstUserWithUnread(long atLeast) {
    for (long u = 1; u < 200; u++) {
      if (context.unreadCount(u) >= atLeast) {
        return u;
      }
    }
    throw new IllegalStateException("the dataset has no user with " + atLeast + " unread notifications");
  }
}
