package dev.strata.venture;

import static dev.strata.testkit.BadInputTable.fails;

import dev.strata.testkit.BadInputTable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.cache.CacheStats;
import dev.strata.cache.TieredCache;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input over strata-venture's public entry points, one table: each row fails with the type given
 * and a message naming the argument, before the cache is looked at or invalidated (its counters stay
 * at zero and its L1 empty) and before the router is asked for a connection (the data source counts
 * every call). The router has no replica, so nothing checks in the background.
 */
class VentureBadInputTest {

  private final AtomicInteger touched = new AtomicInteger();
  private final DataSource dataSource = BadInputTable.untouchable(DataSource.class, touched);
  private RoutingDataSource router;
  private TieredCache cache;

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
    if (router != null) {
      router.close();
    }
  }

  private List<BadInputTable.Row> rows() {
    router = RoutingDataSource.create(RoutingConfig.builder().name("venture-bad-input").primary(dataSource).build());
    cache = TieredCache.builder().name("venture-bad-input").build();
    VentureReads reads = VentureReads.builder(cache, router).build();
    VentureWrites writes = VentureWrites.create(router, cache);
    YearMonth jan = YearMonth.of(2026, 1);
    List<BadInputTable.Row> r = new ArrayList<>();
    for (long id : new long[] {0, -1, Long.MIN_VALUE}) {
      r.add(fails("dashboard userId " + id, IllegalArgumentException.class, () -> reads.dashboard(id), "userId", "positive"));
      r.add(fails("ventures userId " + id, IllegalArgumentException.class, () -> reads.ventures(id), "userId", "positive"));
      r.add(fails("unreadNotifications userId " + id, IllegalArgumentException.class, () -> reads.unreadNotifications(id),
          "userId", "positive"));
      r.add(fails("ventureFinanceGroup ventureId " + id, IllegalArgumentException.class,
          () -> VentureKeys.ventureFinanceGroup(id), "ventureId", "positive"));
      r.add(fails("context ventureId " + id, IllegalArgumentException.class, () -> reads.context(id), "ventureId", "positive"));
      r.add(fails("monthlyStats ventureId " + id, IllegalArgumentException.class, () -> reads.monthlyStats(id, jan, jan),
          "ventureId", "positive"));
      r.add(fails("invalidateVenture ventureId " + id, IllegalArgumentException.class,
          () -> VentureKeys.invalidateVenture(cache, id, 1, 0), "ventureId"));
      r.add(fails("invalidateVenture ownerUserId " + id, IllegalArgumentException.class,
          () -> VentureKeys.invalidateVenture(cache, 1, id, 0), "userId"));
      r.add(fails("recentContent ventureId " + id, IllegalArgumentException.class, () -> VentureKeys.recentContent(id, "drafts"),
          "ventureId"));
    }
    r.add(fails("monthlyStats null from", NullPointerException.class, () -> reads.monthlyStats(1, null, jan), "from"));
    r.add(fails("monthlyStats null to", NullPointerException.class, () -> reads.monthlyStats(1, jan, null), "to"));
    r.add(fails("monthlyStats to before from", IllegalArgumentException.class,
        () -> reads.monthlyStats(1, jan, jan.minusMonths(1)), "to must not be before from"));
    r.add(fails("monthlyStats over 1,200 months", IllegalArgumentException.class,
        () -> reads.monthlyStats(1, YearMonth.of(1, 1), YearMonth.of(9999, 12)), "1200 months"));
    r.add(fails("monthlyStats beyond year 9999", IllegalArgumentException.class,
        () -> reads.monthlyStats(1, YearMonth.of(999_999_999, 1), YearMonth.of(999_999_999, 2)), "years 1..9999"));
    r.add(fails("monthlyStats before year 1", IllegalArgumentException.class,
        () -> reads.monthlyStats(1, YearMonth.of(-5, 1), YearMonth.of(-5, 2)), "years 1..9999"));
    r.add(fails("createContent null", NullPointerException.class, () -> writes.createContent(null), "newContent"));
    r.add(fails("VentureWrites.create null router", NullPointerException.class, () -> VentureWrites.create(null, cache), "router"));
    r.add(fails("VentureWrites.create null cache", NullPointerException.class, () -> VentureWrites.create(router, null), "cache"));
    r.add(fails("VentureWrites.create null clock", NullPointerException.class,
        () -> VentureWrites.create(router, cache, null), "clock"));
    r.add(fails("VentureReads.builder null cache", NullPointerException.class, () -> VentureReads.builder(null, router), "cache"));
    r.add(fails("VentureReads.builder null router", NullPointerException.class, () -> VentureReads.builder(cache, null), "router"));
    r.add(fails("VentureReads.builder null clock", NullPointerException.class, () -> VentureReads.builder(cache, router).clock(null),
        "clock"));
    r.add(fails("advanceTo null session", NullPointerException.class, () -> VentureReads.advanceTo(null, 5), "session"));
    r.add(fails("VentureCacheBinding.of null cache", NullPointerException.class, () -> VentureCacheBinding.of(null), "cache"));
    r.add(fails("invalidateVenture null cache", NullPointerException.class, () -> VentureKeys.invalidateVenture(null, 1, 1, 0), "cache"));
    r.add(fails("dashboard key null date", NullPointerException.class, () -> VentureKeys.dashboard(1, null), "incomeSince"));
    r.add(fails("monthlyStats key to before from", IllegalArgumentException.class,
        () -> VentureKeys.monthlyStats(1, jan, jan.minusMonths(2)), "to"));
    r.add(fails("financialStats null date", NullPointerException.class, () -> VentureKeys.financialStats(1, (LocalDate) null), "date"));
    for (String type : new String[] {"", " ", "a:b", "a*b", "a?b", "a[b]", "{g}", "a'b", "a\"b", "a\r\nb", "a\u0000b",
        "a\uD800b", "x'); DROP TABLE t; --", "t".repeat(65)}) {
      r.add(fails("recentContent type '" + type.replace("\u0000", "\\0").replace("\r", "\\r").replace("\n", "\\n") + "'",
          IllegalArgumentException.class, () -> VentureKeys.recentContent(1, type), "type"));
    }
    r.add(fails("recentContent null type", NullPointerException.class, () -> VentureKeys.recentContent(1, null), "type"));
    return r;
  }

  @TestFactory
  Stream<DynamicTest> everyRow_failsNamingTheArgument_beforeTheCacheOrTheDatabase() {
    List<BadInputTable.Row> rows = rows();
    CacheStats untouched = cache.stats();
    return BadInputTable.tests(rows, touched, "a connection was asked for", row -> {
      assertEquals(untouched, cache.stats(), row.what() + ": the cache was used");
      assertEquals(0, cache.l1Size(), row.what() + ": something was cached");
    });
  }
}
