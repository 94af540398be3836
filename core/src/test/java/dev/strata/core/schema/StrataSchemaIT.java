package dev.strata.core.schema;

import static dev.strata.core.Sql.column;
import static dev.strata.core.Sql.exec;
import static dev.strata.core.Sql.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.StrataException;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class StrataSchemaIT {

  static int firstRun;

  @BeforeAll
  static void migrate(TestDatabase db) {
    firstRun = StrataSchema.migrate(db.dataSource());
  }

  @Test
  void migrate_twice_secondIsNoOp(TestDatabase db) throws SQLException {
    assertEquals(8, firstRun);
    String before = scalar(db.dataSource(), "SELECT count(*) FROM strata_schema_history");
    assertEquals(0, StrataSchema.migrate(db.dataSource()));
    assertEquals(0, StrataSchema.migrate(db.dataSource()));
    assertEquals(before, scalar(db.dataSource(), "SELECT count(*) FROM strata_schema_history"));
  }

  @Test
  void migrate_createsEveryTable(TestDatabase db) throws SQLException {
    List<String> tables = column(db.dataSource(),
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
    for (String t : List.of("users", "ventures", "financial_records", "content_drafts", "social_posts",
        "calendar_events", "shared_assets", "notifications")) {
      assertTrue(tables.contains(t), "missing table " + t + " in " + tables);
    }
  }

  @Test
  void unreadNotificationsIndex_isPartial(TestDatabase db) throws SQLException {
    String def = scalar(db.dataSource(),
        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = 'idx_notifications_user_unread'");
    assertTrue(def.contains("WHERE (read = false)"), def);
  }

  @Test
  void financialSummaryView_hasUniqueIndex_andRefreshesConcurrently(TestDatabase db) throws SQLException {
    assertEquals("1", scalar(db.dataSource(), "SELECT count(*) FROM pg_matviews WHERE schemaname = 'public' AND matviewname = 'venture_financial_summary'"));
    String def = scalar(db.dataSource(), "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'venture_financial_summary'");
    assertTrue(def.startsWith("CREATE UNIQUE INDEX"), def);
    exec(db.dataSource(), "INSERT INTO users (id, email, name) VALUES (900001, 'v@x.test', 'V')");
    exec(db.dataSource(), "INSERT INTO ventures (id, user_id, name) VALUES (900001, 900001, 'V')");
    exec(db.dataSource(), "INSERT INTO financial_records (venture_id, amount, kind, record_date) VALUES "
        + "(900001, 10.10, 'income', '2026-03-02'), (900001, 0.20, 'income', '2026-03-30'), (900001, 5, 'expense', '2026-03-04')");
    exec(db.dataSource(), "REFRESH MATERIALIZED VIEW venture_financial_summary"); // first fill cannot be CONCURRENTLY
    exec(db.dataSource(), "REFRESH MATERIALIZED VIEW CONCURRENTLY venture_financial_summary");
    assertEquals("10.30", scalar(db.dataSource(),
        "SELECT monthly_income FROM venture_financial_summary WHERE venture_id = 900001 AND month = '2026-03-01'"));
  }

  @Test
  void money_isNumeric_neverFloatingPoint(TestDatabase db) throws SQLException {
    assertEquals("numeric", scalar(db.dataSource(),
        "SELECT data_type FROM information_schema.columns WHERE table_name = 'financial_records' AND column_name = 'amount'"));
    assertEquals("0", scalar(db.dataSource(), "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
        + "AND data_type IN ('real', 'double precision', 'money')"));
  }

  @Test
  void migrate_intoNamedSchema(TestDatabase db) throws SQLException {
    assertEquals(8, StrataSchema.migrate(db.dataSource(), "tenant_a"));
    assertEquals("1", scalar(db.dataSource(),
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'tenant_a' AND table_name = 'ventures'"));
  }

  @Test
  void migrate_badSchemaName_namesArgument(TestDatabase db) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StrataSchema.migrate(db.dataSource(), "Bad-Name"));
    assertTrue(e.getMessage().startsWith("schema must be"), e.getMessage());
  }

  @Test
  void migrate_unreachableDatabase_wrapsInStrataException(TestDatabase db) {
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setServerNames(new String[] {"localhost"});
    ds.setPortNumbers(new int[] {1});
    ds.setDatabaseName("nope");
    assertThrows(StrataException.class, () -> StrataSchema.migrate(ds));
  }
}
