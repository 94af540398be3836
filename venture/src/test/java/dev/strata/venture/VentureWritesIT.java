package dev.strata.venture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cache.TieredCache;
import dev.strata.core.StrataJdbi;
import dev.strata.core.content.NewContent;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.domain.Notification;
import dev.strata.core.domain.Venture;
import dev.strata.core.finance.MonthlyFinancials;
import dev.strata.core.schema.StrataSchema;
import dev.strata.core.tx.Committed;
import dev.strata.cache.ValueType;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.RedisExtension;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestRedis;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes through {@link VentureWrites} on one instance, reads through {@link VentureReads} on another,
 * against a real PostgreSQL primary and streaming replica and a real Redis. Each "instance" is a
 * {@link TieredCache} of its own on the one Redis. The strict "next read" checks use an instance
 * without L1, whose reads see a group invalidation as soon as the writer's call returned; an instance
 * with L1 sees it when the invalidation message arrives (checked separately).
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class VentureWritesIT {

  private static final ValueType<List<MonthlyFinancials>> MONTHS = ValueType.listOf(MonthlyFinancials.class);
  private static final ValueType<List<Venture>> VENTURE_LIST = ValueType.listOf(Venture.class);
  private static final ValueType<List<Notification>> UNREAD = ValueType.listOf(Notification.class);
  private static TestDatabase db;
  /** Active ventures: id → owner. */
  private static Map<Long, Long> owners;
  /** Shared assets of each active venture. */
  private static Map<Long, List<Long>> assets;
  private static List<Long> ventures;

  private VentureFixture fx;
  private TestRedis redis;
  private String testName;

  @BeforeAll
  static void dataset(TestDatabase database) {
    db = database;
    StrataSchema.migrate(db.dataSource());
    DatasetGenerator.builder().seed(13).users(12).build().generate(db.dataSource());
    Jdbi jdbi = StrataJdbi.create(db.dataSource());
    owners = jdbi.withHandle(h -> h.createQuery("SELECT id, user_id FROM ventures WHERE is_active ORDER BY id")
        .reduceRows(new java.util.TreeMap<Long, Long>(), (m, row) -> {
          m.put(row.getColumn("id", Long.class), row.getColumn("user_id", Long.class));
          return m;
        }));
    ventures = List.copyOf(owners.keySet());
    assets = jdbi.withHandle(h -> h.createQuery("SELECT venture_id, id FROM shared_assets ORDER BY id")
        .reduceRows(new java.util.HashMap<Long, List<Long>>(), (m, row) -> {
          m.computeIfAbsent(row.getColumn("venture_id", Long.class), k -> new ArrayList<>()).add(row.getColumn("id", Long.class));
          return m;
        }));
    assertTrue(ventures.size() >= 8, "the dataset has active ventures to spread over 4 threads: " + ventures.size());
  }

  @BeforeEach
  void names(TestRedis r, TestInfo info) {
    this.redis = r;
    this.testName = info.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void close() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  private static NewContent content(long venture, String title, Random random) {
    List<Long> own = assets.getOrDefault(venture, List.of());
    List<Long> used = own.stream().filter(a -> random.nextBoolean()).toList();
    OffsetDateTime at = OffsetDateTime.of(2026, 7, 1, 9, 0, 0, 0, ZoneOffset.UTC).plusHours(random.nextInt(24 * 90));
    return new NewContent(venture, title, "Body of " + title, at, used);
  }

  private static boolean hasDraft(VentureContext c, long draft) {
    return c.recentDrafts().stream().anyMatch(d -> d.id() == draft);
  }

  private static boolean hasDraft(Dashboard d, long venture, long draft) {
    return d.ventures().stream().filter(v -> v.venture().id() == venture)
        .anyMatch(v -> v.recentDrafts().stream().anyMatch(x -> x.id() == draft));
  }

  @Test
  void thousandRandomizedWorkflowsFromFourThreads_otherInstanceNextReadShowsTheWrite_zeroStaleReads() throws Exception {
    fx = new VentureFixture(db, redis, testName, false);
    VentureWrites writes = VentureWrites.create(fx.router, fx.cache("a", b -> b));
    VentureReads other = VentureReads.builder(fx.cache("b", b -> b.disableL1()), fx.router).build();
    VentureReads otherWithL1 = VentureReads.builder(fx.cache("c", b -> b), fx.router).build();
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger stale = new AtomicInteger();
    AtomicInteger l1Checks = new AtomicInteger();
    AtomicInteger l1StaleAfterBound = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        // each thread writes its own ventures, so a venture's newest draft is the one its thread just wrote
        List<Long> mine = new ArrayList<>();
        for (int i = thread; i < ventures.size(); i += 4) {
          mine.add(ventures.get(i));
        }
        threads.add(pool.submit(() -> {
          Random random = new Random(1_000 + thread);
          for (int i = 0; i < 250; i++) {
            long venture = mine.get(random.nextInt(mine.size()));
            long owner = owners.get(venture);
            // cache the current state everywhere first, so a missed invalidation would serve it
            other.context(venture);
            other.dashboard(owner);
            otherWithL1.context(venture);
            long draft = writes.createContent(content(venture, "w" + thread + "-" + i, random)).value().draftId();
            reads.addAndGet(2);
            if (!hasDraft(other.context(venture), draft)) {
              stale.incrementAndGet();
            }
            if (!hasDraft(other.dashboard(owner), venture, draft)) {
              stale.incrementAndGet();
            }
            l1Checks.incrementAndGet();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!hasDraft(otherWithL1.context(venture), draft)) {
              if (System.nanoTime() > deadline) {
                l1StaleAfterBound.incrementAndGet();
                break;
              }
              Thread.onSpinWait();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : threads) {
        f.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2_000, reads.get());
    assertEquals(0, stale.get(), "reads on the other instance (no L1) right after a commit that missed the write");
    assertEquals(1_000, l1Checks.get());
    assertEquals(0, l1StaleAfterBound.get(), "an instance with L1 still serving the old context 5 s after the commit");
    assertEquals(1_000L, count("SELECT count(*) FROM content_drafts WHERE title LIKE 'w%-%'"));
  }

  @Test
  void replayPaused_writeThenReloadOnOtherInstance_newValue1000Of1000_whilePlainReadsSeeReplicaBehind() throws Exception {
    fx = new VentureFixture(db, redis, testName, true); // the replica stays in rotation however far behind
    VentureWrites writes = VentureWrites.create(fx.router, fx.cache("a", b -> b));
    VentureReads other = VentureReads.builder(fx.cache("b", b -> b.disableL1()), fx.router).build();
    long venture = ventures.get(0);
    Random random = new Random(7);
    int fresh = 0;
    int replicaBehind = 0;
    int routedPlainBehind = 0;
    db.server().awaitReplicaCatchUp(java.time.Duration.ofSeconds(30));
    db.server().pauseReplay();
    try {
      for (int i = 0; i < 1_000; i++) {
        other.context(venture); // cached: the reload below follows an invalidation, not a cold miss
        long draft = writes.createContent(content(venture, "paused-" + i, random)).value().draftId();
        if (hasDraft(other.context(venture), draft)) {
          fresh++;
        }
        if (count(fx.replica, "SELECT count(*) FROM content_drafts WHERE id = " + draft) == 0) {
          replicaBehind++;
        }
        String sql = "SELECT count(*) FROM content_drafts WHERE id = " + draft;
        if (fx.router.read(c -> scalar(c, sql)) == 0) {
          routedPlainBehind++;
        }
      }
    } finally {
      db.server().resumeReplay();
    }
    assertEquals(1_000, replicaBehind, "plain reads of the replica in the same window miss the write");
    assertEquals(1_000, routedPlainBehind, "unfenced reads through the router go to that replica and miss it too");
    assertEquals(1_000, fresh, "fenced reloads on the other instance show the write");
  }

  @ParameterizedTest(name = "failure at {0}")
  @ValueSource(strings = {"content_drafts", "calendar_events", "notifications", "content_asset_usage", "strata_outbox",
      "commit"})
  void failureAtEachStep_rollsBackEverything_andInvalidatesNothing(String step) throws Exception {
    fx = new VentureFixture(db, redis, testName + "-" + step, false);
    VentureWrites writes = VentureWrites.create(fx.router, fx.cache("a", b -> b));
    TieredCache otherCache = fx.cache("b", b -> b);
    VentureReads other = VentureReads.builder(otherCache, fx.router).build();
    long venture = ventures.stream().filter(v -> assets.containsKey(v)).findFirst().orElseThrow();
    long owner = owners.get(venture);
    writes.createContent(new NewContent(venture, "before", "b", OffsetDateTime.now(), List.of())); // a fence exists
    VentureContext cached = other.context(venture);
    other.dashboard(owner);
    String vg = VentureKeys.ventureGroup(venture);
    String ug = VentureKeys.userGroup(owner);
    List<String> before = List.of(fx.groupKey(vg, "gen"), fx.groupKey(vg, "fence"), fx.groupKey(ug, "gen"),
        fx.groupKey(ug, "fence"));
    long drafts = count("SELECT count(*) FROM content_drafts");
    exec("CREATE OR REPLACE FUNCTION venture_it_fail() RETURNS trigger LANGUAGE plpgsql AS "
        + "$$ BEGIN RAISE EXCEPTION 'injected failure at %', TG_TABLE_NAME; END $$");
    exec(step.equals("commit")
        ? "CREATE CONSTRAINT TRIGGER venture_it_fail AFTER INSERT ON strata_outbox DEFERRABLE INITIALLY DEFERRED "
            + "FOR EACH ROW EXECUTE FUNCTION venture_it_fail()"
        : "CREATE TRIGGER venture_it_fail BEFORE INSERT ON " + step + " FOR EACH ROW EXECUTE FUNCTION venture_it_fail()");
    try {
      RuntimeException e = assertThrows(RuntimeException.class, () -> writes.createContent(
          new NewContent(venture, "doomed", "d", OffsetDateTime.now(), assets.get(venture))));
      assertTrue(String.valueOf(rootMessage(e)).contains("injected failure"), rootMessage(e));
    } finally {
      exec("DROP TRIGGER venture_it_fail ON " + (step.equals("commit") ? "strata_outbox" : step));
    }
    assertEquals(drafts, count("SELECT count(*) FROM content_drafts"), "nothing written");
    assertEquals(0, count("SELECT count(*) FROM content_drafts WHERE title = 'doomed'"));
    assertEquals(before, List.of(fx.groupKey(vg, "gen"), fx.groupKey(vg, "fence"), fx.groupKey(ug, "gen"),
        fx.groupKey(ug, "fence")), "generations and fences of the venture and its owner unchanged");
    assertEquals(cached, otherCache.get(VentureKeys.ventureContext(venture), VentureContext.class).orElseThrow(),
        "the other instance still serves its cached context");
    // the check is sensitive: a write that commits does move them
    writes.createContent(new NewContent(venture, "after", "a", OffsetDateTime.now(), List.of()));
    assertNotEquals(before.get(0), fx.groupKey(vg, "gen"));
    assertNotEquals(before.get(2), fx.groupKey(ug, "gen"));
  }

  @Test
  void throwingAfterCommitCallback_writeStillSucceeds_andTheOtherInstanceSeesIt() throws Exception {
    fx = new VentureFixture(db, redis, testName, false);
    VentureWrites writes = VentureWrites.create(fx.router, fx.cache("a", b -> b));
    VentureReads other = VentureReads.builder(fx.cache("b", b -> b.disableL1()), fx.router).build();
    long venture = ventures.get(1);
    long owner = owners.get(venture);
    YearMonth month = YearMonth.of(2026, 3);
    BigDecimal before = income(other.monthlyStats(venture, month, month));
    Committed<Long> r = writes.transactor().inTransaction(StrataJdbi.create(fx.router), (h, unit) -> {
      long id = h.createQuery("INSERT INTO financial_records (venture_id, amount, kind, record_date) "
          + "VALUES (:v, 123.45, 'income', :d) RETURNING id").bind("v", venture).bind("d", LocalDate.of(2026, 3, 9))
          .mapTo(Long.class).one();
      unit.changed().venture(venture, owner).entity("financial_records", id);
      unit.afterCommit(() -> {
        throw new IllegalStateException("an after-commit callback failed");
      });
      return id;
    });
    assertTrue(r.value() > 0, "the committed write returns its result");
    assertTrue(r.token().isPresent());
    assertEquals(1, writes.transactor().callbackFailures());
    assertEquals(before.add(new BigDecimal("123.45")), income(other.monthlyStats(venture, month, month)),
        "the binding still ran: the other instance reloads the figures");
  }

  @Test
  void newVentureOfAUser_otherInstanceNextVentureListAndDashboardShowIt() throws Exception {
    fx = new VentureFixture(db, redis, testName, false);
    VentureWrites writes = VentureWrites.create(fx.router, fx.cache("a", b -> b));
    VentureReads other = VentureReads.builder(fx.cache("b", b -> b.disableL1()), fx.router).build();
    long owner = owners.get(ventures.get(2));
    int listed = other.ventures(owner).size();
    other.dashboard(owner);
    long id = writes.transactor().inTransaction(StrataJdbi.create(fx.router), (h, unit) -> {
      long v = h.createQuery("INSERT INTO ventures (user_id, name) VALUES (:u, 'Fresh venture') RETURNING id")
          .bind("u", owner).mapTo(Long.class).one();
      unit.changed().venture(v, owner);
      return v;
    }).value();
    assertEquals(listed + 1, other.ventures(owner).size());
    assertTrue(other.ventures(owner).stream().anyMatch(v -> v.id() == id));
    assertTrue(other.dashboard(owner).ventures().stream().anyMatch(v -> v.venture().id() == id));
  }

  /** The reads' and writes' clock in the write-through tests: events before and after "now" are written. */
  private static final java.time.Clock CLOCK = java.time.Clock.fixed(java.time.Instant.parse("2026-07-20T12:00:00Z"),
      ZoneOffset.UTC);

  /** A fresh load from the primary, through the cache's codec (stored, then read back from Redis). */
  private final class Truth implements AutoCloseable {
    private final RoutingDataSource primaryOnly = RoutingDataSource.create(RoutingConfig.builder().name("truth")
        .primary(fx.primary).build());
    private final TieredCache cache = TieredCache.builder().name("truth").namespace(redis.keyPrefix() + testName
        + "-truth-" + System.nanoTime()).redis(redis.standalone().uri()).disableL1().build();
    private final VentureReads reads = VentureReads.builder(cache, primaryOnly).clock(CLOCK).build();

    <T> T twice(java.util.function.Supplier<T> read) {
      read.get();
      return read.get();
    }

    @Override
    public void close() {
      cache.close();
      primaryOnly.close();
    }
  }

  @Test
  void contentWrite_patchesThePages_keepsFiguresAndVentureList_everyPageEqualsAFreshLoad() throws Exception {
    fx = new VentureFixture(db, redis, testName, false);
    TieredCache a = fx.cache("a", b -> b);
    TieredCache c = fx.cache("c", b -> b.disableL1());
    VentureWrites writes = VentureWrites.create(fx.router, a, CLOCK);
    VentureReads reads = VentureReads.builder(c, fx.router).clock(CLOCK).build();
    long venture = ventures.get(3);
    long owner = owners.get(venture);
    YearMonth month = YearMonth.of(2026, 7);
    reads.context(venture);
    reads.dashboard(owner);
    reads.unreadNotifications(owner);
    reads.monthlyStats(venture, month, month);
    reads.ventures(owner);
    var created = writes.createContent(new NewContent(venture, "patched", "p", OffsetDateTime.now(CLOCK).plusDays(2),
        List.of())).value();
    assertEquals(2, writes.binding().patchedGroups(), "the venture's and the owner's groups were patched");
    LocalDate since = LocalDate.of(2026, 7, 1);
    assertTrue(c.get(VentureKeys.monthlyStats(venture, month, month), MONTHS).isPresent(), "figures still cached");
    assertTrue(c.get(VentureKeys.userVentures(owner), VENTURE_LIST).isPresent(), "venture list still cached");
    VentureContext context = c.get(VentureKeys.ventureContext(venture), VentureContext.class).orElseThrow();
    Dashboard dashboard = c.get(VentureKeys.dashboard(owner, since), Dashboard.class).orElseThrow();
    List<Notification> unread = c.get(VentureKeys.unreadNotifications(owner), UNREAD).orElseThrow();
    assertTrue(hasDraft(context, created.draftId()));
    assertTrue(hasDraft(dashboard, venture, created.draftId()));
    assertTrue(unread.stream().anyMatch(n -> n.id() == created.notificationId()));
    try (Truth truth = new Truth()) {
      assertEquals(truth.twice(() -> truth.reads.context(venture)), context);
      assertEquals(truth.twice(() -> truth.reads.dashboard(owner)), dashboard);
      assertEquals(truth.twice(() -> truth.reads.unreadNotifications(owner)), unread);
    }
  }

  @Test
  void randomizedConcurrentWorkflows_everyPatchedPageEqualsAFreshLoadFromThePrimary() throws Exception {
    fx = new VentureFixture(db, redis, testName, false);
    TieredCache a = fx.cache("a", b -> b);
    TieredCache b = fx.cache("b", x -> x);
    TieredCache c = fx.cache("c", x -> x.disableL1());
    VentureWrites writes = VentureWrites.create(fx.router, a, CLOCK);
    List<VentureReads> readers = List.of(VentureReads.builder(a, fx.router).clock(CLOCK).build(),
        VentureReads.builder(b, fx.router).clock(CLOCK).build(), VentureReads.builder(c, fx.router).clock(CLOCK).build());
    List<Long> some = ventures.subList(0, 6); // few ventures, so that writes race on the same groups
    List<Long> users = some.stream().map(owners::get).distinct().toList();
    for (VentureReads r : readers) {
      some.forEach(v -> r.context(v));
      users.forEach(u -> {
        r.dashboard(u);
        r.unreadNotifications(u);
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        threads.add(pool.submit(() -> {
          Random random = new Random(77 + thread);
          for (int i = 0; i < 60; i++) {
            long venture = some.get(random.nextInt(some.size()));
            long owner = owners.get(venture);
            VentureReads r = readers.get(random.nextInt(readers.size()));
            int x = random.nextInt(100);
            if (x < 55) {
              OffsetDateTime at = OffsetDateTime.now(CLOCK).plusHours(random.nextInt(24 * 60) - 24 * 20);
              writes.createContent(new NewContent(venture, "rnd" + thread + "-" + i, "b", at, List.of()));
            } else if (x < 60) {
              writes.transactor().inTransaction(StrataJdbi.create(fx.router), (h, unit) -> {
                int n = h.createUpdate("UPDATE notifications SET read = true WHERE id = (SELECT min(id) FROM notifications "
                    + "WHERE user_id = :u AND NOT read)").bind("u", owner).execute();
                unit.changed().user(owner);
                return n;
              });
            } else if (x < 70) {
              r.context(venture);
            } else if (x < 85) {
              r.dashboard(owner);
            } else {
              r.unreadNotifications(owner);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : threads) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(writes.binding().patchedGroups() > 20, "writes were patched, not only invalidated: "
        + writes.binding().patchedGroups());
    int compared = comparePages(some, users, c, readers);
    assertTrue(compared > 0, "pages left cached after the races: " + compared);
    // then, every page cached, one write per venture without a race: each patched, each compared
    some.forEach(v -> readers.get(2).context(v));
    users.forEach(u -> {
      readers.get(2).dashboard(u);
      readers.get(2).unreadNotifications(u);
    });
    long patchedBefore = writes.binding().patchedGroups();
    for (long v : some) {
      writes.createContent(new NewContent(v, "last", "b", OffsetDateTime.now(CLOCK).plusDays(1), List.of()));
    }
    assertEquals(patchedBefore + 2L * some.size(), writes.binding().patchedGroups());
    assertEquals(some.size() + 2 * users.size(), comparePages(some, users, c, readers), "every page still cached");
  }

  /**
   * Compares every page of {@code some} ventures and their {@code users} that Redis holds (read through
   * {@code c}, an instance without L1) with a fresh load from the primary; then the writer's (reader 0)
   * and, once its messages arrived, reader 1's. Returns how many pages Redis held.
   */
  private int comparePages(List<Long> some, List<Long> users, TieredCache c, List<VentureReads> readers) {
    LocalDate since = LocalDate.of(2026, 7, 1);
    int compared = 0;
    try (Truth truth = new Truth()) {
      for (long v : some) {
        VentureContext expected = truth.twice(() -> truth.reads.context(v));
        Optional<VentureContext> inRedis = c.get(VentureKeys.ventureContext(v), VentureContext.class);
        if (inRedis.isPresent()) {
          compared++;
          assertEquals(expected, inRedis.get(), "context of venture " + v + " in Redis");
        }
        assertEquals(expected, readers.get(0).context(v), "the writer's context of venture " + v);
        Eventually.within(java.time.Duration.ofSeconds(10), "B's context of venture " + v,
            () -> readers.get(1).context(v).equals(expected));
      }
      for (long u : users) {
        Dashboard expected = truth.twice(() -> truth.reads.dashboard(u));
        Optional<Dashboard> inRedis = c.get(VentureKeys.dashboard(u, since), Dashboard.class);
        if (inRedis.isPresent()) {
          compared++;
          assertEquals(expected, inRedis.get(), "dashboard of user " + u + " in Redis");
        }
        List<Notification> unread = truth.twice(() -> truth.reads.unreadNotifications(u));
        Optional<List<Notification>> unreadInRedis = c.get(VentureKeys.unreadNotifications(u), UNREAD);
        if (unreadInRedis.isPresent()) {
          compared++;
          assertEquals(unread, unreadInRedis.get(), "unread notifications of user " + u + " in Redis");
        }
        assertEquals(expected, readers.get(0).dashboard(u), "the writer's dashboard of user " + u);
        assertEquals(unread, readers.get(0).unreadNotifications(u), "the writer's notifications of user " + u);
        Eventually.within(java.time.Duration.ofSeconds(10), "B's dashboard of user " + u,
            () -> readers.get(1).dashboard(u).equals(expected));
      }
    }
    return compared;
  }

  private static BigDecimal income(List<MonthlyFinancials> months) {
    return months.stream().map(MonthlyFinancials::income).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static String rootMessage(Throwable e) {
    String all = "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      all += t + " / ";
    }
    return all;
  }

  private static long count(String sql) throws SQLException {
    return count(db.dataSource(), sql);
  }

  private static long count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return scalar(c, sql);
    }
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void exec(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

}
