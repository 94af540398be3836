package dev.strata.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.core.StrataJdbi;
import dev.strata.core.dashboard.DashboardLoader;
import dev.strata.core.dashboard.DashboardQueries;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.routing.RoutingScope;
import dev.strata.routing.RoutingSession;
import dev.strata.routing.RoutingStats;
import dev.strata.routing.SqlWork;
import dev.strata.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.jdbi.v3.core.Jdbi;

/**
 * The read/write router on testkit's primary and streaming replica:
 * <ul>
 *   <li>its cost: the same trivial query through a plain HikariCP pool on the replica and through the
 *       router over that pool, in alternating blocks ({@code router.overhead_ratio} for
 *       {@code read(work)}, {@code router.jdbc_overhead_ratio} for {@code getConnection()} +
 *       {@code setReadOnly(true)});</li>
 *   <li>its use: a mixed workload — 9 dashboard loads to 1 write (a notification) per user session,
 *       read-your-writes on — and the share of dashboard reads the replica served
 *       ({@code router.replica_read_share});</li>
 *   <li>read-your-writes while the replica lags (replay paused, lag above {@code readYourWritesWait}
 *       but under {@code maxLagTime}): a session write, then that session's read of it
 *       ({@code router.ryw_under_lag.p50_us} / {@code .p99_us}, and {@code .violations}, reads that
 *       missed their own write).</li>
 * </ul>
 */
final class RouterScenario implements Scenario {

  private static final int BLOCK = 200;
  private static final String TRIVIAL = "SELECT 1";

  @Override
  public String name() {
    return "read/write router";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    TestDatabase db = ctx.database();
    try (HikariDataSource primary = pool(db, ctx.network().jdbcUrl(db), "bench-router-primary");
        HikariDataSource replica = pool(db, ctx.network().replicaJdbcUrl(db), "bench-router-replica");
        RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder()
            .primary(primary).replica("replica-1", replica).build())) {
      db.server().awaitReplicaCatchUp(Duration.ofSeconds(60));
      router.checkNow();
      overhead(ctx, replica, router);
      mixed(ctx, router);
    }
    try (HikariDataSource primary = pool(db, db.jdbcUrl(), "bench-router-lag-primary");
        HikariDataSource replica = pool(db, db.replicaJdbcUrl(), "bench-router-lag-replica");
        RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder().name("bench-lag")
            .primary(primary).replica("replica-1", replica)
            .maxLagTime(Duration.ofMinutes(10)).maxLagBytes(1L << 30).build())) {
      readYourWritesUnderLag(ctx, router);
    }
  }

  /**
   * With replay paused the replica stays in rotation (under its lag limits) but cannot have a fresh
   * write: each session read after a session write should go to the primary without waiting out
   * {@code readYourWritesWait}.
   */
  private static void readYourWritesUnderLag(BenchContext ctx, RoutingDataSource router) throws Exception {
    TestDatabase db = ctx.database();
    long user = ctx.userSequence(1)[0];
    int iterations = ctx.iterations(500);
    Latencies lat = new Latencies(iterations);
    int violations = 0;
    RoutingSession session = router.session("bench:ryw-lag");
    db.server().pauseReplay();
    try {
      insertNotification(session, user);
      long wait = RoutingConfig.DEFAULT_READ_YOUR_WRITES_WAIT.toMillis();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (router.stats().replicas().get("replica-1").lagMillis() <= wait && System.nanoTime() < deadline) {
        Thread.sleep(20); // the checker measures the lag every checkInterval
      }
      for (int i = 0; i < ctx.warmup(500); i++) { // the lag router's pools are new: fill them first
        long id = insertNotification(session, user);
        session.read(c -> message(c, id));
      }
      for (int i = 0; i < iterations; i++) {
        long id = insertNotification(session, user);
        long t0 = System.nanoTime();
        String message = session.read(c -> message(c, id));
        lat.add(System.nanoTime() - t0);
        if (!"ryw under lag".equals(message)) {
          violations++;
        }
      }
    } finally {
      db.server().resumeReplay();
    }
    ctx.put("router.ryw_under_lag.p50_us", lat.percentileMicros(50));
    ctx.put("router.ryw_under_lag.p99_us", lat.percentileMicros(99));
    ctx.put("router.ryw_under_lag.violations", violations);
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(60));
    try (Connection c = ctx.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
        "DELETE FROM notifications WHERE kind = 'bench-lag'")) {
      ps.executeUpdate();
    }
  }

  private static long insertNotification(RoutingSession session, long user) throws SQLException {
    return session.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO notifications (user_id, kind, message) VALUES (?, 'bench-lag', 'ryw under lag') RETURNING id")) {
        ps.setLong(1, user);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  private static String message(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT message FROM notifications WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static HikariDataSource pool(TestDatabase db, String url, String name) {
    return StrataPools.create(PoolSettings.builder().jdbcUrl(url).username(db.user()).password(db.password())
        .poolName(name).build());
  }

  private static void overhead(BenchContext ctx, HikariDataSource replica, RoutingDataSource router) throws SQLException {
    SqlWork<Integer> trivial = RouterScenario::trivial;
    int iterations = ctx.iterations(50_000);
    for (int i = 0; i < ctx.warmup(20_000); i++) {
      plain(replica);
      router.read(trivial);
      viaJdbc(router);
      plainReadOnly(replica);
    }
    Latencies plainLat = new Latencies(iterations);
    Latencies routedLat = new Latencies(iterations);
    Latencies jdbcLat = new Latencies(iterations);
    Latencies plainReadOnlyLat = new Latencies(iterations);
    for (int from = 0; from < iterations; from += BLOCK) {
      int to = Math.min(iterations, from + BLOCK);
      for (int pass = 0; pass < 4; pass++) {
        int which = (pass + from / BLOCK) % 4; // rotate who goes first
        for (int i = from; i < to; i++) {
          long t0 = System.nanoTime();
          switch (which) {
            case 0 -> plain(replica);
            case 1 -> router.read(trivial);
            case 2 -> viaJdbc(router);
            default -> plainReadOnly(replica);
          }
          long dt = System.nanoTime() - t0;
          (which == 0 ? plainLat : which == 1 ? routedLat : which == 2 ? jdbcLat : plainReadOnlyLat).add(dt);
        }
      }
    }
    double plainP50 = plainLat.percentileMicros(50);
    ctx.put("router.plain_pool.p50_us", plainP50);
    ctx.put("router.read.p50_us", routedLat.percentileMicros(50));
    ctx.put("router.overhead_ratio", routedLat.percentileMicros(50) / plainP50);
    // the JDBC path makes the same calls as a plain pool used with setReadOnly(true)
    double plainReadOnlyP50 = plainReadOnlyLat.percentileMicros(50);
    ctx.put("router.plain_pool_read_only.p50_us", plainReadOnlyP50);
    ctx.put("router.jdbc_read_only.p50_us", jdbcLat.percentileMicros(50));
    ctx.put("router.jdbc_overhead_ratio", jdbcLat.percentileMicros(50) / plainReadOnlyP50);
  }

  private static int trivial(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TRIVIAL); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void plain(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      trivial(c);
    }
  }

  private static void plainReadOnly(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setReadOnly(true);
      trivial(c);
    }
  }

  private static void viaJdbc(RoutingDataSource router) throws SQLException {
    try (Connection c = router.getConnection()) {
      c.setReadOnly(true);
      trivial(c);
    }
  }

  private static void mixed(BenchContext ctx, RoutingDataSource router) throws SQLException {
    Jdbi jdbi = StrataJdbi.create(router);
    DashboardLoader loader = DashboardQueries.oneRoundTrip(jdbi);
    OffsetDateTime now = ctx.baseTime();
    LocalDate monthStart = now.toLocalDate().withDayOfMonth(1);
    int operations = ctx.iterations(10_000);
    long[] users = ctx.userSequence(operations);
    SplittableRandom rnd = new SplittableRandom(7);
    Map<Long, RoutingSession> sessions = new HashMap<>();
    RoutingStats before = router.stats();
    Latencies readLat = new Latencies(operations);
    Latencies afterWriteLat = new Latencies(operations / 5);
    int writes = 0;
    boolean lastWasWrite = false;
    for (long user : users) {
      RoutingSession session = sessions.computeIfAbsent(user, u -> router.session("user:" + u));
      if (rnd.nextInt(10) == 0) {
        session.write(c -> {
          try (PreparedStatement ps = c.prepareStatement(
              "INSERT INTO notifications (user_id, kind, message) VALUES (?, 'bench', 'mixed workload')")) {
            ps.setLong(1, user);
            return ps.executeUpdate();
          }
        });
        writes++;
        lastWasWrite = true;
        // the same user's next page load must see the write
      }
      long t0 = System.nanoTime();
      try (RoutingScope read = session.readScope()) {
        loader.load(user, monthStart, now);
      }
      long dt = System.nanoTime() - t0;
      (lastWasWrite ? afterWriteLat : readLat).add(dt);
      lastWasWrite = false;
    }
    RoutingStats after = router.stats();
    long replicaReads = after.replicaReads() - before.replicaReads();
    long primaryReads = after.primaryReads() - before.primaryReads();
    ctx.put("router.replica_read_share", (double) replicaReads / (replicaReads + primaryReads));
    ctx.put("router.mixed.write_share", (double) writes / operations);
    ctx.put("router.mixed.read.p50_us", readLat.percentileMicros(50));
    ctx.put("router.mixed.read_after_write.p50_us", afterWriteLat.percentileMicros(50));
    try (Connection c = ctx.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
        "DELETE FROM notifications WHERE kind = 'bench'")) {
      ps.executeUpdate(); // leave the dataset as generated for the scenarios after this one
    }
  }
}
