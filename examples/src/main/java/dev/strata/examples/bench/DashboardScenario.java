package dev.strata.examples.bench;

import dev.strata.core.StrataJdbi;
import dev.strata.core.dashboard.DashboardLoader;
import dev.strata.core.dashboard.DashboardQueries;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * The dashboard page load, two ways side by side on the same users: the seed's "Dashboard Queries"
 * as written (the user's active ventures, then per venture its monthly income, 10 recent drafts, 10
 * recent posts and 20 upcoming events: {@code 1 + 4 × ventures} statements) and Strata's one-round-trip
 * loader. The two run in alternating blocks of {@value #BLOCK} loads, so both see the same caches and
 * machine load. Statements are counted in a separate pass through a counting wrapper, so the timed
 * loads carry no instrumentation.
 */
final class DashboardScenario implements Scenario {

  static final int BLOCK = 50;

  @Override
  public String name() {
    return "dashboard naive vs one round trip";
  }

  @Override
  public void run(BenchContext ctx) {
    DashboardLoader naive = DashboardQueries.naive(StrataJdbi.create(ctx.dataSource()));
    DashboardLoader single = DashboardQueries.oneRoundTrip(StrataJdbi.create(ctx.dataSource()));
    OffsetDateTime now = ctx.baseTime();
    LocalDate monthStart = now.toLocalDate().withDayOfMonth(1);

    for (long user : ctx.userSequence(ctx.warmup(2_000))) {
      naive.load(user, monthStart, now);
      single.load(user, monthStart, now);
    }
    int iterations = ctx.iterations(2_000);
    Latencies naiveLat = new Latencies(iterations);
    Latencies singleLat = new Latencies(iterations);
    long[] users = ctx.userSequence(iterations);
    long ventures = 0;
    for (int from = 0; from < users.length; from += BLOCK) {
      int to = Math.min(users.length, from + BLOCK);
      for (int pass = 0; pass < 2; pass++) {
        boolean runNaive = (pass == 0) == ((from / BLOCK) % 2 == 0);
        DashboardLoader loader = runNaive ? naive : single;
        Latencies lat = runNaive ? naiveLat : singleLat;
        for (int i = from; i < to; i++) {
          long t0 = System.nanoTime();
          int n = loader.load(users[i], monthStart, now).ventures().size();
          lat.add(System.nanoTime() - t0);
          if (runNaive) {
            ventures += n;
          }
        }
      }
    }

    StatementCounter naiveCount = new StatementCounter();
    StatementCounter singleCount = new StatementCounter();
    DashboardLoader countedNaive = DashboardQueries.naive(StrataJdbi.create(naiveCount.wrap(ctx.dataSource())));
    DashboardLoader countedSingle = DashboardQueries.oneRoundTrip(StrataJdbi.create(singleCount.wrap(ctx.dataSource())));
    for (long user : users) {
      countedNaive.load(user, monthStart, now);
      countedSingle.load(user, monthStart, now);
    }
    double naiveP50 = naiveLat.percentileMicros(50);
    double singleP50 = singleLat.percentileMicros(50);
    ctx.put("dashboard.naive.p50_us", naiveP50);
    ctx.put("dashboard.naive.p99_us", naiveLat.percentileMicros(99));
    ctx.put("dashboard.naive.statements_per_load", (double) naiveCount.count() / iterations);
    ctx.put("dashboard.single.p50_us", singleP50);
    ctx.put("dashboard.single.p99_us", singleLat.percentileMicros(99));
    ctx.put("dashboard.single.statements_per_load", (double) singleCount.count() / iterations);
    ctx.put("dashboard.speedup_ratio", naiveP50 / singleP50);
    ctx.put("dashboard.active_ventures_per_load", (double) ventures / iterations);
  }
}
