package dev.strata.core.dataset;

import static dev.strata.core.Sql.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DatasetGeneratorIT {

  static DatasetSummary summary;

  /** One row per table: count and an md5 over every row in id order. */
  private static final String CHECKSUM = """
      SELECT string_agg(t || ':' || n || ':' || h, ',' ORDER BY t) FROM (
        SELECT 'users' t, count(*) n, md5(string_agg(u::text, '|' ORDER BY id)) h FROM users u
        UNION ALL SELECT 'ventures', count(*), md5(string_agg(v::text, '|' ORDER BY id)) FROM ventures v
        UNION ALL SELECT 'financial_records', count(*), md5(string_agg(f::text, '|' ORDER BY id)) FROM financial_records f
        UNION ALL SELECT 'content_drafts', count(*), md5(string_agg(d::text, '|' ORDER BY id)) FROM content_drafts d
        UNION ALL SELECT 'social_posts', count(*), md5(string_agg(p::text, '|' ORDER BY id)) FROM social_posts p
        UNION ALL SELECT 'calendar_events', count(*), md5(string_agg(e::text, '|' ORDER BY id)) FROM calendar_events e
        UNION ALL SELECT 'shared_assets', count(*), md5(string_agg(a::text, '|' ORDER BY id)) FROM shared_assets a
        UNION ALL SELECT 'notifications', count(*), md5(string_agg(x::text, '|' ORDER BY id)) FROM notifications x
      ) s""";

  @BeforeAll
  static void generate(TestDatabase db) {
    StrataSchema.migrate(db.dataSource());
    summary = DatasetGenerator.builder().seed(7).users(100).build().generate(db.dataSource());
  }

  @Test
  void sameSeed_sameData_otherSeed_otherData(TestDatabase db) throws SQLException {
    DataSource same = fresh(db, "same", 7);
    DataSource other = fresh(db, "other", 8);
    String expected = scalar(db.dataSource(), CHECKSUM);
    assertEquals(expected, scalar(same, CHECKSUM));
    assertNotEquals(expected, scalar(other, CHECKSUM));
  }

  private static DataSource fresh(TestDatabase db, String hint, long seed) {
    TestDatabase d = db.server().newDatabase(hint);
    StrataSchema.migrate(d.dataSource());
    DatasetGenerator.builder().seed(seed).users(100).build().generate(d.dataSource());
    return d.dataSource();
  }

  @Test
  void summary_matchesTables(TestDatabase db) throws SQLException {
    assertEquals(100, summary.users());
    assertEquals(1, summary.firstUserId());
    assertEquals(100, summary.lastUserId());
    assertEquals(Long.toString(summary.ventures()), scalar(db.dataSource(), "SELECT count(*) FROM ventures"));
    assertEquals(Long.toString(summary.financialRecords()), scalar(db.dataSource(), "SELECT count(*) FROM financial_records"));
    assertEquals(Long.toString(summary.notifications()), scalar(db.dataSource(), "SELECT count(*) FROM notifications"));
  }

  @Test
  void shape_isRealistic(TestDatabase db) throws SQLException {
    DataSource ds = db.dataSource();
    assertEquals("1|3", scalar(ds, "SELECT min(n) || '|' || max(n) FROM (SELECT count(*) n FROM ventures GROUP BY user_id) s"));
    assertEquals("0", scalar(ds, "SELECT count(*) FROM users u WHERE u.id <= 100 AND NOT EXISTS (SELECT 1 FROM ventures v WHERE v.user_id = u.id)"));
    assertTrue(Long.parseLong(scalar(ds, "SELECT count(*) FROM ventures WHERE NOT is_active")) > 0, "no inactive venture");
    double perVenture = Double.parseDouble(scalar(ds,
        "SELECT avg(n) FROM (SELECT count(*) n FROM financial_records GROUP BY venture_id) s"));
    assertTrue(perVenture >= 150 && perVenture <= 250, "financial records per venture " + perVenture);
    long unread = Long.parseLong(scalar(ds, "SELECT count(*) FROM notifications WHERE NOT read"));
    long read = Long.parseLong(scalar(ds, "SELECT count(*) FROM notifications WHERE read"));
    assertTrue(unread > 0 && read > unread, "read " + read + " unread " + unread);
    assertTrue(Long.parseLong(scalar(ds, "SELECT count(*) FROM calendar_events WHERE start_date >= '"
        + summary.baseTime() + "'")) > 0, "no upcoming events");
    assertTrue(Long.parseLong(scalar(ds, "SELECT count(*) FROM venture_financial_summary")) > 0, "view not refreshed");
    // notifications about a venture point at one of the user's own ventures
    assertEquals("0", scalar(ds, "SELECT count(*) FROM notifications n JOIN ventures v ON v.id = n.venture_id "
        + "WHERE v.user_id <> n.user_id"));
  }

  @Test
  void identities_movedPastGeneratedIds(TestDatabase db) throws SQLException {
    try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
      c.setAutoCommit(false); // rolled back: the other tests see the generated rows only
      try (java.sql.ResultSet rs = s.executeQuery("INSERT INTO users (email, name) VALUES ('new@x.test', 'New') RETURNING id")) {
        rs.next();
        assertTrue(rs.getLong(1) > 100, "new id " + rs.getLong(1));
      } finally {
        c.rollback();
      }
    }
  }

  @Test
  void generate_intoNonEmptySchema_refuses(TestDatabase db) {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DatasetGenerator.builder().users(1).build().generate(db.dataSource()));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
  }

  @Test
  void builder_badUserCount_namesArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetGenerator.builder().users(0));
    assertEquals("users must be in 1..1000000, was: 0", e.getMessage());
  }
}
