package dev.strata.examples.bench;

import java.util.List;
import java.util.SplittableRandom;
import javax.sql.DataSource;

/**
 * What a scenario gets for one dataset: a pooled {@link DataSource} over a database filled by the
 * dataset generator, the generated user ids, the iteration budget, and where to record metrics.
 */
final class BenchContext {

  private final int users;
  private final java.time.OffsetDateTime baseTime;
  private final DataSource dataSource;
  private final List<Long> userIds;
  private final boolean quick;
  private final Results results;
  private final boolean headline;
  private final boolean scaled;
  private final dev.strata.testkit.TestDatabase database;
  private final BenchOptions options;
  private final BenchNetwork network;

  BenchContext(int users, java.time.OffsetDateTime baseTime, DataSource dataSource, List<Long> userIds, boolean quick, Results results,
      boolean headline, boolean scaled, dev.strata.testkit.TestDatabase database, BenchOptions options, BenchNetwork network) {
    this.options = options;
    this.users = users;
    this.baseTime = baseTime;
    this.dataSource = dataSource;
    this.userIds = List.copyOf(userIds);
    this.quick = quick;
    this.results = results;
    this.headline = headline;
    this.scaled = scaled;
    this.database = database;
    this.network = network;
  }

  /**
   * Where connections go (directly, or through the latency proxies of {@code --rtt-ms}): every
   * address a scenario connects to comes from here.
   */
  BenchNetwork network() {
    return network;
  }

  /** The benchmark database on testkit's servers (its replica too). */
  dev.strata.testkit.TestDatabase database() {
    return database;
  }

  /** Whether this is the headline dataset (figures that do not depend on the dataset are taken on it only). */
  boolean headline() {
    return headline;
  }

  int users() {
    return users;
  }

  /** "Now" for the dataset: the generator's base time, so every run queries the same rows. */
  java.time.OffsetDateTime baseTime() {
    return baseTime;
  }

  DataSource dataSource() {
    return dataSource;
  }

  boolean quick() {
    return quick;
  }

  /** Measured iterations for a scenario whose full-run budget is {@code full}. */
  int iterations(int full) {
    return quick ? Math.max(50, full / 5) : full;
  }

  /** Warm-up iterations before measuring (JIT, pool, plan caches): as many as are measured. */
  int warmup(int full) {
    return Math.max(20, iterations(full));
  }

  /**
   * The user ids to load, in a fixed pseudo-random order (the same for every scenario of the run,
   * so side-by-side scenarios see the same users).
   */
  long[] userSequence(int n) {
    SplittableRandom rnd = new SplittableRandom(20261125L);
    long[] seq = new long[n];
    for (int i = 0; i < n; i++) {
      seq[i] = userIds.get(rnd.nextInt(userIds.size()));
    }
    return seq;
  }

  /**
   * Records a metric measured on this dataset: under its own name for the headline size, and under
   * {@code scale.users_N.<name>} when several sizes are measured in one run (the scaling table).
   */
  void put(String name, double value) {
    if (headline) {
      results.put(name, value);
    }
    if (scaled) {
      results.put("scale.users_" + users + "." + name, value);
    }
  }

  void note(String key, String text) {
    results.note(key, text);
  }

  /** Records a metric under exactly {@code name}, whatever the dataset (the workload's {@code scaling.*} keys). */
  void putRaw(String name, double value) {
    results.put(name, value);
  }

  /**
   * Where the workload connects: this dataset's database on testkit's primary and replica, testkit's
   * Redis and the run's Qdrant emulator, each through the run's latency proxy when {@code --rtt-ms} is
   * set; the workload takes every endpoint from here.
   */
  dev.strata.examples.bench.workload.ServiceEndpoints endpoints() {
    java.util.Map.Entry<String, Integer> q = network.qdrantAddress(SharedQdrant.get());
    return new dev.strata.examples.bench.workload.ServiceEndpoints(network.jdbcUrl(database), network.replicaJdbcUrl(database),
        database.user(), database.password(), network.redisUri(dev.strata.testkit.Redis.shared().standalone()), q.getKey(),
        q.getValue());
  }

  /** Longest warm-up of a workload phase in {@code --quick} (windows of 1.25 s; it ends when the hit ratio stops rising). */
  static final int WARMUP_MAX_QUICK_S = 12;
  /** Longest warm-up of a workload phase in a full run (windows of 5 s). */
  static final int WARMUP_MAX_S = 90;

  /** The workload's settings for this run (short phases in {@code --quick}): 2 ms mean think time, warm-up until the hit ratio stops rising, seed 42. */
  dev.strata.examples.bench.workload.Workload.Config workloadConfig() {
    return new dev.strata.examples.bench.workload.Workload.Config(options.sessions(), options.writeShare(),
        java.time.Duration.ofMillis(2), java.time.Duration.ofSeconds(quick ? WARMUP_MAX_QUICK_S : WARMUP_MAX_S),
        java.time.Duration.ofSeconds(quick ? 5 : 20), 42L);
  }

  /** Whether the workload runs on this dataset. */
  boolean workloadSize() {
    return options.workloadUserCounts().contains(users);
  }

  /** Whether the single-operation scenarios run on this dataset (in --quick the workload also has a 100-user one). */
  boolean scenarioSize() {
    return options.userCounts().contains(users);
  }

  /** One Qdrant emulator for the run's workload phases, stopped when the JVM exits. */
  private static final class SharedQdrant {
    private static dev.strata.testkit.QdrantServer server;

    static synchronized dev.strata.testkit.QdrantServer get() {
      if (server == null) {
        server = dev.strata.testkit.Qdrant.startEmulator();
        dev.strata.testkit.QdrantServer s = server;
        Runtime.getRuntime().addShutdownHook(new Thread(s::close, "bench-qdrant-stop"));
      }
      return server;
    }
  }
}
