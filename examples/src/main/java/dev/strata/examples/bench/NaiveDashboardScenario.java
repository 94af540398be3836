package dev.strata.examples.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's "Dashboard Queries" exactly as its plan runs them on every page load: the user's active
 * ventures, then for each venture its monthly income, 10 most recent drafts, 10 most recent posts and
 * next 20 events — 1 + 4 × ventures statements, one round trip each.
 */
final class NaiveDashboardScenario implements Scenario {

  static final String VENTURES = "SELECT * FROM ventures WHERE user_id = ? AND is_active = true ORDER BY id";
  static final String INCOME = "SELECT SUM(amount) AS monthly_income FROM financial_records "
      + "WHERE venture_id = ? AND kind = 'income' AND record_date >= ?";
  static final String DRAFTS = "SELECT * FROM content_drafts WHERE venture_id = ? ORDER BY created_at DESC LIMIT 10";
  static final String POSTS = "SELECT * FROM social_posts WHERE venture_id = ? ORDER BY created_at DESC LIMIT 10";
  static final String EVENTS = "SELECT * FROM calendar_events WHERE venture_id = ? AND start_date >= ? "
      + "ORDER BY start_date, id LIMIT 20";

  @Override
  public String name() {
    return "naive dashboard";
  }

  @Override
  public void run(BenchContext ctx) throws SQLException {
    StatementCounter counter = new StatementCounter();
    OffsetDateTime now = ctx.baseTime();
    LocalDate monthStart = now.toLocalDate().withDayOfMonth(1);
    int iterations = ctx.iterations(2_000);
    long[] warm = ctx.userSequence(ctx.warmup(2_000));
    for (long user : warm) {
      try (Connection c = counter.wrap(ctx.dataSource().getConnection())) {
        load(c, user, monthStart, now);
      }
    }
    counter.reset();
    Latencies lat = new Latencies(iterations);
    long rows = 0;
    for (long user : ctx.userSequence(iterations)) {
      long t0 = System.nanoTime();
      try (Connection c = counter.wrap(ctx.dataSource().getConnection())) {
        rows += load(c, user, monthStart, now);
      }
      lat.add(System.nanoTime() - t0);
    }
    ctx.put("dashboard.naive.p50_us", lat.percentileMicros(50));
    ctx.put("dashboard.naive.p99_us", lat.percentileMicros(99));
    ctx.put("dashboard.naive.statements_per_load", (double) counter.count() / iterations);
    ctx.put("dashboard.naive.rows_per_load", (double) rows / iterations);
  }

  /** One page load; returns the number of rows read. */
  static long load(Connection c, long userId, LocalDate monthStart, OffsetDateTime now) throws SQLException {
    List<Long> ventures = new ArrayList<>();
    long rows = 0;
    try (PreparedStatement ps = c.prepareStatement(VENTURES)) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ventures.add(rs.getLong("id"));
          rows += readRow(rs);
        }
      }
    }
    for (long v : ventures) {
      try (PreparedStatement ps = c.prepareStatement(INCOME)) {
        ps.setLong(1, v);
        ps.setObject(2, monthStart);
        rows += drain(ps);
      }
      try (PreparedStatement ps = c.prepareStatement(DRAFTS)) {
        ps.setLong(1, v);
        rows += drain(ps);
      }
      try (PreparedStatement ps = c.prepareStatement(POSTS)) {
        ps.setLong(1, v);
        rows += drain(ps);
      }
      try (PreparedStatement ps = c.prepareStatement(EVENTS)) {
        ps.setLong(1, v);
        ps.setObject(2, now);
        rows += drain(ps);
      }
    }
    return rows;
  }

  private static long drain(PreparedStatement ps) throws SQLException {
    long n = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        n += readRow(rs);
      }
    }
    return n;
  }

  /** Reads every column, as an application mapping rows to objects would. */
  private static int readRow(ResultSet rs) throws SQLException {
    int cols = rs.getMetaData().getColumnCount();
    for (int i = 1; i <= cols; i++) {
      rs.getObject(i);
    }
    return 1;
  }
}
