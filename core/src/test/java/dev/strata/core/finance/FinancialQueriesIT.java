package dev.strata.core.finance;

import static dev.strata.core.Sql.exec;
import static dev.strata.core.Sql.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.StrataJdbi;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.dataset.DatasetSummary;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class FinancialQueriesIT {

  static DatasetSummary data;
  static FinancialQueries queries;
  static final YearMonth FROM = YearMonth.of(2025, 1);
  static final YearMonth TO = YearMonth.of(2026, 12);

  @BeforeAll
  static void data(TestDatabase db) {
    StrataSchema.migrate(db.dataSource());
    data = DatasetGenerator.builder().seed(5).users(30).build().generate(db.dataSource());
    queries = FinancialQueries.of(StrataJdbi.create(db.dataSource()));
  }

  private static void assertHybridEqualsLive(YearMonth current, String when) {
    for (long venture = 1; venture <= data.ventures(); venture++) {
      assertEquals(queries.monthlyLive(venture, FROM, TO), queries.monthlyHybrid(venture, FROM, TO, current),
          "venture " + venture + " " + when);
    }
  }

  @Test
  void hybrid_equalsLive_beforeAndAfterRefreshes_acrossMonthBoundaries(TestDatabase db) throws SQLException {
    FinancialSummaryRefresher refresher = FinancialSummaryRefresher.create(db.dataSource());
    YearMonth june = YearMonth.of(2026, 6);
    assertHybridEqualsLive(june, "right after generation");
    assertEquals("0", scalar(db.dataSource(), "SELECT count(*) FROM financial_summary_dirty"));

    // writes after the refresh: current month, a closed month (back-dated), an update moving a record
    // across a month boundary, and a delete
    exec(db.dataSource(), "INSERT INTO financial_records (venture_id, amount, kind, record_date) VALUES "
        + "(1, 100.00, 'income', '2026-06-30'), (1, 7.25, 'income', '2026-07-01'), (2, 42.42, 'income', '2025-03-15')");
    exec(db.dataSource(), "UPDATE financial_records SET record_date = '2026-05-31' "
        + "WHERE id = (SELECT min(id) FROM financial_records WHERE venture_id = 3 AND record_date >= '2026-06-01')");
    exec(db.dataSource(), "DELETE FROM financial_records WHERE id = (SELECT min(id) FROM financial_records WHERE venture_id = 4)");
    assertTrue(Long.parseLong(scalar(db.dataSource(), "SELECT count(*) FROM financial_summary_dirty")) > 0);
    assertHybridEqualsLive(june, "stale view, June current");
    assertHybridEqualsLive(YearMonth.of(2026, 7), "stale view, July current (June now closed)");

    assertTrue(refresher.refreshNow());
    assertEquals("0", scalar(db.dataSource(), "SELECT count(*) FROM financial_summary_dirty"));
    assertHybridEqualsLive(june, "after refresh");
    assertHybridEqualsLive(YearMonth.of(2026, 7), "after refresh, July current");

    exec(db.dataSource(), "INSERT INTO financial_records (venture_id, amount, kind, record_date) VALUES "
        + "(1, 1.00, 'expense', '2026-07-02')");
    assertHybridEqualsLive(YearMonth.of(2026, 7), "after refresh and a new write");
  }

  @Test
  void incomeSince_sumsIncomeOnly(TestDatabase db) throws SQLException {
    String expected = scalar(db.dataSource(), "SELECT coalesce(sum(amount), 0) FROM financial_records "
        + "WHERE venture_id = 5 AND kind = 'income' AND record_date >= '2026-06-01'");
    assertEquals(new BigDecimal(expected), queries.incomeSince(5, java.time.LocalDate.of(2026, 6, 1)));
  }

  @Test
  void twoRefreshersAtOnce_oneRefreshes_otherSkips(TestDatabase db) throws Exception {
    FinancialSummaryRefresher a = FinancialSummaryRefresher.create(db.dataSource());
    FinancialSummaryRefresher b = FinancialSummaryRefresher.create(db.dataSource());
    // deterministic: while A's lock is held (simulated by holding it here), B skips
    try (Connection holder = db.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        ps.setLong(1, FinancialSummaryRefresher.LOCK_KEY);
        ps.execute();
      }
      assertFalse(b.refreshNow());
      holder.rollback();
    }
    assertTrue(b.refreshNow());
    // racing for real: every round, no error, and never two refreshes at once
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Boolean>> results = new ArrayList<>();
        for (FinancialSummaryRefresher r : List.of(a, b)) {
          results.add(pool.submit(() -> {
            start.await();
            return r.refreshNow();
          }));
        }
        int done = 0;
        for (Future<Boolean> f : results) {
          done += f.get() ? 1 : 0;
        }
        assertTrue(done >= 1, "round " + round + ": nobody refreshed");
      }
    } finally {
      pool.shutdownNow();
    }
    // every call was counted once, as a refresh or a skip: one skip and one refresh of b above, 20 racing
    assertEquals(22, a.refreshCount() + a.skipCount() + b.refreshCount() + b.skipCount());
  }

  @Test
  void badInput_namesTheArgument() {
    assertEquals("ventureId must be a positive id, was: -1",
        assertThrows(IllegalArgumentException.class, () -> queries.monthlyLive(-1, FROM, TO)).getMessage());
    assertEquals("to must not be before from (2025-01), was: 2024-12",
        assertThrows(IllegalArgumentException.class, () -> queries.monthlyLive(1, FROM, YearMonth.of(2024, 12))).getMessage());
    assertEquals("currentMonth must not be null",
        assertThrows(NullPointerException.class, () -> queries.monthlyHybrid(1, FROM, TO, null)).getMessage());
    assertEquals("since must not be null",
        assertThrows(NullPointerException.class, () -> queries.incomeSince(1, null)).getMessage());
  }
}
