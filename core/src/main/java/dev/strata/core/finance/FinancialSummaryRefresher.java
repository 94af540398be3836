package dev.strata.core.finance;

import dev.strata.core.internal.Args;
import dev.strata.core.StrataException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes {@code venture_financial_summary} with {@code REFRESH MATERIALIZED VIEW CONCURRENTLY}
 * (readers are never blocked), on demand or on a schedule, and at most one app instance at a time:
 * each refresh first takes a transaction-scoped PostgreSQL advisory lock; an instance that cannot
 * get it skips that round instead of queueing a second refresh of the same data.
 *
 * <p>The refresh and the clearing of the dirty-month marks it covers run in one REPEATABLE READ
 * transaction, so they see the same snapshot: a change committed after that snapshot keeps its mark
 * and stays live in {@link FinancialQueries#monthlyHybrid} until the next refresh.
 */
public final class FinancialSummaryRefresher implements AutoCloseable {

  /** Advisory lock key shared by every instance (the ASCII of "strataFS" as a 64-bit number). */
  public static final long LOCK_KEY = 0x7374726174614653L;
  /** The view refreshed. */
  public static final String VIEW = "venture_financial_summary";
  /** Default schedule period: one hour, as the original plan. */
  public static final Duration DEFAULT_PERIOD = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(FinancialSummaryRefresher.class);

  private final DataSource dataSource;
  private final AtomicLong refreshed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private ScheduledExecutorService scheduler;

  private FinancialSummaryRefresher(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A refresher over {@code dataSource} (the primary); nothing runs until {@link #refreshNow()} or {@link #start}. */
  public static FinancialSummaryRefresher create(DataSource dataSource) {
    return new FinancialSummaryRefresher(Args.notNull(dataSource, "dataSource"));
  }

  /**
   * Refreshes now unless another instance is refreshing.
   *
   * @return true if this call refreshed the view, false if another holder of the lock was refreshing
   * @throws StrataException if PostgreSQL fails
   */
  public boolean refreshNow() {
    long t0 = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      int isolation = c.getTransactionIsolation();
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        boolean done = refreshIn(c, true);
        c.commit();
        if (done) {
          refreshed.incrementAndGet();
          log.debug("{} refreshed in {} ms", VIEW, (System.nanoTime() - t0) / 1_000_000);
        } else {
          skipped.incrementAndGet();
          log.debug("{} refresh skipped: another instance holds the lock", VIEW);
        }
        return done;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setTransactionIsolation(isolation);
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new StrataException("refresh of " + VIEW + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The refresh itself, inside the caller's REPEATABLE READ transaction on {@code c}.
   *
   * @param concurrently false only for a view no reader uses yet (the dataset generator's first fill)
   */
  static boolean refreshIn(Connection c, boolean concurrently) throws SQLException {
    long t0 = System.nanoTime();
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
      lock.setLong(1, LOCK_KEY);
      try (ResultSet rs = lock.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return false;
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("REFRESH MATERIALIZED VIEW " + (concurrently ? "CONCURRENTLY " : "") + VIEW);
      // Same snapshot as the refresh: only marks the refresh has accounted for are deleted.
      s.execute("DELETE FROM financial_summary_dirty");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO strata_view_refresh (view_name, refreshed_at, duration_ms) "
        + "VALUES (?, now(), ?) ON CONFLICT (view_name) DO UPDATE SET refreshed_at = excluded.refreshed_at, "
        + "duration_ms = excluded.duration_ms")) {
      ps.setString(1, VIEW);
      ps.setLong(2, (System.nanoTime() - t0) / 1_000_000);
      ps.executeUpdate();
    }
    return true;
  }

  /**
   * First fill after a bulk load, inside the caller's REPEATABLE READ transaction on {@code c}: a
   * plain (non-concurrent) refresh, faster when no reader needs the view yet. For the dataset generator.
   *
   * @return false if another instance was refreshing
   */
  public static boolean fill(Connection c) throws SQLException {
    return refreshIn(c, false);
  }

  /**
   * Refreshes every {@code period} on a daemon thread, starting after one period. Failures are
   * logged and retried at the next tick.
   *
   * @throws IllegalStateException if already started
   */
  public synchronized FinancialSummaryRefresher start(Duration period) {
    Args.notNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, was: " + period);
    }
    if (scheduler != null) {
      throw new IllegalStateException("refresher already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "strata-financial-summary-refresher");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        refreshNow();
      } catch (RuntimeException e) {
        log.warn("{} refresh failed, will retry in {}: {}", VIEW, period, e.toString());
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Refreshes performed by this instance. */
  public long refreshCount() {
    return refreshed.get();
  }

  /** Rounds skipped because another instance held the lock. */
  public long skipCount() {
    return skipped.get();
  }

  /** Stops the schedule (a refresh in progress completes). */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdown();
      scheduler = null;
    }
  }
}
