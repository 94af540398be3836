package dev.strata.core.dashboard;

import static dev.strata.core.Sql.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.StrataJdbi;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.dataset.DatasetSummary;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DashboardQueriesIT {

  static DatasetSummary data;
  static Jdbi jdbi;
  static final AtomicInteger statements = new AtomicInteger();
  static LocalDate since;
  static OffsetDateTime now;
  /** Users added by hand: no ventures at all, only inactive ventures, and one venture with empty feeds. */
  static final long NO_VENTURES = 900_001;
  static final long ONLY_INACTIVE = 900_002;
  static final long EMPTY_FEEDS = 900_003;
  static final long MANY_VENTURES = 900_004;

  @BeforeAll
  static void data(TestDatabase db) throws SQLException {
    StrataSchema.migrate(db.dataSource());
    data = DatasetGenerator.builder().seed(11).users(100).build().generate(db.dataSource());
    since = data.baseTime().toLocalDate().withDayOfMonth(1);
    now = data.baseTime();
    exec(db.dataSource(), "INSERT INTO users (id, email, name) VALUES (900001, 'a@x', 'A'), (900002, 'b@x', 'B'), "
        + "(900003, 'c@x', 'C'), (900004, 'd@x', 'D')");
    exec(db.dataSource(), "INSERT INTO ventures (id, user_id, name, is_active) VALUES "
        + "(900001, 900002, 'Closed', false), (900002, 900003, 'Empty', true)");
    // a user with 12 ventures that share the feeds of generated ventures' shape
    exec(db.dataSource(), "INSERT INTO ventures (id, user_id, name, is_active) "
        + "SELECT 900100 + g, 900004, 'Many ' || g, true FROM generate_series(1, 12) g");
    exec(db.dataSource(), "INSERT INTO content_drafts (venture_id, title, body, created_at) "
        + "SELECT 900100 + (g % 12) + 1, 't' || g, 'b', timestamptz '2026-06-01' + g * interval '1 hour' "
        + "FROM generate_series(1, 300) g");
    // identical timestamps: only the id tie-break orders these
    exec(db.dataSource(), "INSERT INTO social_posts (venture_id, platform, content, created_at) "
        + "SELECT 900101, 'x', 'same time ' || g, timestamptz '2026-06-10' FROM generate_series(1, 15) g");
    jdbi = StrataJdbi.create(db.dataSource());
    jdbi.setSqlLogger(new SqlLogger() {
      @Override
      public void logBeforeExecution(StatementContext context) {
        statements.incrementAndGet();
      }
    });
  }

  @Test
  void oneRoundTrip_equalsNaive_forEveryUser() {
    DashboardLoader naive = DashboardQueries.naive(jdbi);
    DashboardLoader single = DashboardQueries.oneRoundTrip(jdbi);
    int compared = 0;
    for (long user = data.firstUserId(); user <= data.lastUserId(); user++) {
      assertEquals(naive.load(user, since, now), single.load(user, since, now), "user " + user);
      compared++;
    }
    for (long user : new long[] {NO_VENTURES, ONLY_INACTIVE, EMPTY_FEEDS, MANY_VENTURES}) {
      assertEquals(naive.load(user, since, now), single.load(user, since, now), "user " + user);
    }
    assertEquals(100, compared);
  }

  @Test
  void edgeUsers_haveTheExpectedShape() {
    DashboardLoader single = DashboardQueries.oneRoundTrip(jdbi);
    assertTrue(single.load(NO_VENTURES, since, now).ventures().isEmpty());
    assertTrue(single.load(ONLY_INACTIVE, since, now).ventures().isEmpty());
    VentureDashboard empty = single.load(EMPTY_FEEDS, since, now).ventures().get(0);
    assertTrue(empty.recentDrafts().isEmpty() && empty.recentPosts().isEmpty() && empty.upcomingEvents().isEmpty());
    assertEquals(0, empty.monthlyIncome().signum());
    Dashboard many = single.load(MANY_VENTURES, since, now);
    assertEquals(12, many.ventures().size());
    many.ventures().forEach(v -> assertEquals(10, v.recentDrafts().size()));
  }

  @Test
  void generatedData_hasUsersWithSeveralVenturesAndFullFeeds() {
    DashboardLoader single = DashboardQueries.oneRoundTrip(jdbi);
    boolean several = false;
    boolean full = false;
    for (long user = data.firstUserId(); user <= data.lastUserId(); user++) {
      Dashboard d = single.load(user, since, now);
      several |= d.ventures().size() > 1;
      full |= d.ventures().stream().anyMatch(v -> v.recentDrafts().size() == 10 && v.upcomingEvents().size() == 20);
    }
    assertTrue(several && full, "the equality test must cover multi-venture users and full feeds");
  }

  @Test
  void oneRoundTrip_sendsOneStatement_whateverTheVentureCount() {
    DashboardLoader single = DashboardQueries.oneRoundTrip(jdbi);
    for (long user : new long[] {NO_VENTURES, EMPTY_FEEDS, MANY_VENTURES, 1, 2, 3}) {
      statements.set(0);
      single.load(user, since, now);
      assertEquals(1, statements.get(), "statements for user " + user);
    }
  }

  @Test
  void naive_sendsOnePlusFourPerVenture() {
    statements.set(0);
    DashboardQueries.naive(jdbi).load(MANY_VENTURES, since, now);
    assertEquals(1 + 4 * 12, statements.get());
  }

  @Test
  void badInput_namesTheArgument() {
    DashboardLoader single = DashboardQueries.oneRoundTrip(jdbi);
    assertEquals("userId must be a positive id, was: 0",
        assertThrows(IllegalArgumentException.class, () -> single.load(0, since, now)).getMessage());
    assertEquals("incomeSince must not be null",
        assertThrows(NullPointerException.class, () -> single.load(1, null, now)).getMessage());
    assertEquals("now must not be null",
        assertThrows(NullPointerException.class, () -> single.load(1, since, null)).getMessage());
    assertEquals("jdbi must not be null",
        assertThrows(NullPointerException.class, () -> DashboardQueries.oneRoundTrip(null)).getMessage());
  }
}
