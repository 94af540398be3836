package dev.strata.examples.bench;

import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.dataset.DatasetSummary;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the benchmark harness ({@code examples/bench}). For each dataset size it creates a
 * fresh database on testkit's PostgreSQL, applies the schema, fills it with the deterministic
 * dataset generator, and runs every scenario against it. Results follow the harness rules in docs/design.md.
 */
public final class BenchMain {

  private static final Logger log = LoggerFactory.getLogger(BenchMain.class);
  private static final long DATASET_SEED = 42L;
  /** The scenarios' keys for {@code --only}, in the order they run. */
  static final List<String> SCENARIO_KEYS = List.of("dashboard", "router", "vector", "workload", "cache", "writes");

  private BenchMain() {}

  /** Runs the harness; see {@link BenchOptions#usage()}. */
  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Results results = run(options);
    results.write(options.out());
    for (Path chart : dev.strata.examples.bench.workload.ScalingChart.write(results.metrics(), options.out())) {
      System.out.println("chart: " + chart);
    }
    if (options.readme()) {
      Path readme = Path.of("examples", "README.md");
      dev.strata.examples.bench.workload.ReadmeFigures.rewrite(readme, results.metrics(), results.notes(),
          String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of("examples/bench"), java.util.Arrays.stream(args)).toList()));
      System.out.println("rewritten: the workload block of " + readme);
      Path chart = options.out().resolve("scaling.png");
      if (java.nio.file.Files.exists(chart)) {
        Path copy = readme.resolveSibling(dev.strata.examples.bench.workload.ReadmeFigures.chart(results.metrics()));
        java.nio.file.Files.createDirectories(copy.getParent());
        java.nio.file.Files.copy(chart, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("copied: " + chart + " to " + copy + " (the README shows it)");
      }
    }
    System.out.println();
    System.out.print(results.toMarkdown());
    System.out.println();
    System.out.println("written: " + options.out().resolve("results.json") + ", " + options.out().resolve("results.md"));
    // testkit's servers stop in its shutdown hook
    System.exit(0);
  }

  static Results run(BenchOptions options) throws Exception {
    long started = System.nanoTime();
    Results results = new Results();
    PostgreSQL pg = PostgreSQL.shared();
    results.put("bench.rtt_ms", options.rttMs());
    try (BenchNetwork network = new BenchNetwork(options.rttMs())) {
      if (options.rttMs() > 0) {
        log.info("every connection to PostgreSQL, Redis and Qdrant goes through a latency proxy: {} ms round trip", options.rttMs());
      }
      if (!options.soakOnly()) {
        runScenarios(options, pg, network, results);
      }
    }
    if (options.soakMinutes() > 0) {
      new Soak(options.soakMinutes()).run(pg, results);
    }
    results.put("run.wall_s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    if (load >= 0) {
      results.put("run.load_average_1m", load); // the machine's other load, next to the figures it inflates
    }
    return results;
  }

  private static void runScenarios(BenchOptions options, PostgreSQL pg, BenchNetwork network, Results results) throws Exception {
    Map<String, Scenario> scenarios = scenarios();
    boolean scaled = options.userCounts().size() > 1;
    for (int users : options.allUserCounts()) {
      int n = users;
      if (scenarios.entrySet().stream().noneMatch(e -> options.runs(e.getKey()) && (e.getValue() instanceof WorkloadScenario
          ? options.workloadUserCounts().contains(n) : options.userCounts().contains(n)))) {
        continue; // --only left nothing to run on this dataset
      }
      TestDatabase db = pg.newDatabase("bench_u" + users);
      StrataSchema.migrate(network.dataSource(db));
      long t0 = System.nanoTime();
      DatasetSummary summary = DatasetGenerator.builder().seed(DATASET_SEED).users(users).build().generate(network.dataSource(db));
      long genMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      log.info("dataset {} users generated in {} ms: {}", users, genMs, summary);
      boolean headline = users == BenchOptions.HEADLINE_USERS || options.userCounts().size() == 1;
      try (HikariDataSource pool = StrataPools.create(PoolSettings.builder()
          .jdbcUrl(network.jdbcUrl(db)).username(db.user()).password(db.password())
          .poolName("bench-u" + users).build())) {
        BenchContext ctx = new BenchContext(users, summary.baseTime(), pool, userIds(summary), options.quick(), results,
            headline && options.userCounts().contains(users), scaled && options.userCounts().contains(users), db, options, network);
        if (ctx.scenarioSize()) {
          ctx.put("dataset.generate_ms", genMs);
        }
        for (Map.Entry<String, Scenario> e : scenarios.entrySet()) {
          Scenario s = e.getValue();
          boolean workload = s instanceof WorkloadScenario;
          if (!options.runs(e.getKey()) || (workload ? !ctx.workloadSize() : !ctx.scenarioSize())) {
            continue;
          }
          log.info("scenario {} on {} users", s.name(), users);
          s.run(ctx);
        }
      }
    }
  }

  /** The scenarios by {@link #SCENARIO_KEYS key}, in the order they run. */
  static Map<String, Scenario> scenarios() {
    Map<String, Scenario> all = new LinkedHashMap<>();
    all.put("dashboard", new DashboardScenario());
    all.put("router", new RouterScenario());
    all.put("vector", new VectorScenario());
    all.put("workload", new WorkloadScenario()); // before the cache scenario, whose outage drills restart Redis
    all.put("cache", new CacheScenario());
    all.put("writes", new WritesScenario());
    return all;
  }

  private static List<Long> userIds(DatasetSummary summary) {
    List<Long> ids = new ArrayList<>();
    for (long id = summary.firstUserId(); id <= summary.lastUserId(); id++) {
      ids.add(id);
    }
    return ids;
  }

  static Path defaultOut() {
    return BenchOptions.DEFAULT_OUT;
  }
}
