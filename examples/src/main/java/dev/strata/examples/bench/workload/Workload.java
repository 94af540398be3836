package dev.strata.examples.bench.workload;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.core.content.ContentCreated;
import dev.strata.core.content.NewContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The multi-user workload: {@code sessions} virtual users in a closed loop (a page, then an
 * exponentially distributed think time), each page for a user drawn from a Zipf distribution over
 * the dataset's users (exponent 1), in a venture of that user drawn uniformly. The page mix is
 * {@code writeShare} content creations and, of the rest, 35 % dashboards, 20 % venture context pages,
 * 15 % monthly financial statistics, 20 % notifications and 10 % semantic searches. Everything each
 * virtual user does is drawn from its own generator seeded from {@code seed}; only the interleaving
 * of the users depends on the machine.
 */
public final class Workload {

  static final int DIMENSION = 64;
  static final int PAGE = 20;
  /**
   * How long a page may wait for a pooled connection: pools keep Strata's default size (20), fewer
   * than the virtual users, so a slow stack queues — that wait is part of its page time, not a failure.
   */
  static final Duration POOL_WAIT = Duration.ofSeconds(60);
  private static final String[] TOPICS = {"launch plan", "pricing page", "community update", "hiring post",
      "founder story", "product demo", "customer interview", "investor update", "feature teaser", "event recap",
      "partnership news", "roadmap preview", "behind the scenes", "how-to guide", "case study", "newsletter intro"};

  /** The kinds of page, in result keys. */
  public enum Page {
    DASHBOARD, CONTEXT, FINANCIALS, NOTIFICATIONS, CREATE_CONTENT, SEARCH;

    /** Name in result keys. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How the workload runs.
   *
   * @param sessions   concurrent virtual users (closed loop)
   * @param writeShare share of pages that create content, in [0, 1)
   * @param thinkMean  mean think time between two pages of a virtual user
   * @param warmup     most unmeasured time before each measured phase: the warm-up runs in windows
   *                   ({@link #warmupWindow()}) and ends early once the cache hit ratio of a window
   *                   is no longer above the previous window's by {@value Workload#RISING}
   * @param measure    measured time per phase
   * @param seed       seed of every virtual user's choices
   */
  public record Config(int sessions, double writeShare, Duration thinkMean, Duration warmup, Duration measure, long seed) {

    /** Checks the values. */
    public Config {
      if (sessions <= 0) {
        throw new IllegalArgumentException("sessions must be positive, was: " + sessions);
      }
      if (!(writeShare >= 0 && writeShare < 1)) {
        throw new IllegalArgumentException("writeShare must be in [0, 1), was: " + writeShare);
      }
      Objects.requireNonNull(thinkMean, "thinkMean");
      Objects.requireNonNull(warmup, "warmup");
      Objects.requireNonNull(measure, "measure");
      if (thinkMean.isNegative() || warmup.isNegative() || measure.isZero() || measure.isNegative()) {
        throw new IllegalArgumentException("thinkMean and warmup must be >= 0 and measure > 0, were: "
            + thinkMean + ", " + warmup + ", " + measure);
      }
    }

    /** Length of one warm-up window: a quarter of the measured time, at least 1 s, at most the warm-up. */
    public Duration warmupWindow() {
      Duration w = measure.dividedBy(4);
      w = w.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : w;
      return w.compareTo(warmup) > 0 ? warmup : w;
    }
  }

  /** A warm-up window's hit ratio must exceed the previous one's by more than this to go on warming up. */
  static final double RISING = 0.01;
  private static final ThreadLocal<Boolean> READ_PAGE = ThreadLocal.withInitial(() -> false);

  /** Whether the calling thread is serving a read page (anything but a content creation) of a workload. */
  static boolean servingReadPage() {
    return READ_PAGE.get();
  }

  private final WorkloadStack stack;
  private final WorkloadData data;
  private final Config config;
  private final StaleReadAuditor auditor;
  private final double[] userCdf;
  private final int[] userByRank;
  private final SplittableRandom[] sessionRandom;

  /** A workload of {@code stack} over {@code data}; {@code auditor} checks its reads. */
  public Workload(WorkloadStack stack, WorkloadData data, Config config, StaleReadAuditor auditor) {
    this.stack = Objects.requireNonNull(stack, "stack");
    this.data = Objects.requireNonNull(data, "data");
    this.config = Objects.requireNonNull(config, "config");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    int n = data.userIds().length;
    this.userCdf = new double[n];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += 1.0 / (r + 1);
      userCdf[r] = sum;
    }
    for (int r = 0; r < n; r++) {
      userCdf[r] /= sum;
    }
    // which user has which popularity rank: a fixed shuffle, so popularity is not id order
    this.userByRank = new int[n];
    for (int i = 0; i < n; i++) {
      userByRank[i] = i;
    }
    SplittableRandom shuffle = new SplittableRandom(config.seed());
    for (int i = n - 1; i > 0; i--) {
      int j = shuffle.nextInt(i + 1);
      int t = userByRank[i];
      userByRank[i] = userByRank[j];
      userByRank[j] = t;
    }
    this.sessionRandom = new SplittableRandom[config.sessions()];
    for (int s = 0; s < sessionRandom.length; s++) {
      sessionRandom[s] = new SplittableRandom(config.seed() * 1_000_003L + s);
    }
  }

  /** Per page kind, the latencies of one measured run, in nanoseconds. */
  public static final class Times {
    private final long[][] samples = new long[Page.values().length][];
    private final int[] sizes = new int[Page.values().length];

    Times() {
      Arrays.setAll(samples, i -> new long[256]);
    }

    void add(Page p, long nanos) {
      int k = p.ordinal();
      if (sizes[k] == samples[k].length) {
        samples[k] = Arrays.copyOf(samples[k], sizes[k] * 2);
      }
      samples[k][sizes[k]++] = nanos;
    }

    void addAll(Times o) {
      for (Page p : Page.values()) {
        for (int i = 0; i < o.sizes[p.ordinal()]; i++) {
          add(p, o.samples[p.ordinal()][i]);
        }
      }
    }

    /** Pages of kind {@code p}. */
    public int count(Page p) {
      return sizes[p.ordinal()];
    }

    /** All pages. */
    public long count() {
      return Arrays.stream(sizes).sum();
    }

    /** The {@code q}-th percentile of kind {@code p} in µs (nearest rank), NaN without samples. */
    public double percentileMicros(Page p, double q) {
      return percentile(Arrays.copyOf(samples[p.ordinal()], sizes[p.ordinal()]), q);
    }

    /** The {@code q}-th percentile over every page in µs. */
    public double percentileMicros(double q) {
      long[] all = new long[(int) count()];
      int at = 0;
      for (Page p : Page.values()) {
        System.arraycopy(samples[p.ordinal()], 0, all, at, sizes[p.ordinal()]);
        at += sizes[p.ordinal()];
      }
      return percentile(all, q);
    }

    private static double percentile(long[] v, double q) {
      if (v.length == 0) {
        return Double.NaN;
      }
      Arrays.sort(v);
      int rank = (int) Math.ceil(q / 100.0 * v.length);
      return v[Math.min(v.length, Math.max(1, rank)) - 1] / 1_000.0;
    }
  }

  /**
   * Runs every virtual user for {@code duration}, then waits for them to finish their page.
   * Returns the pages' latencies. The first failure of a page stops the run and is thrown.
   */
  public Times drive(Duration duration) throws Exception {
    long deadline = System.nanoTime() + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    Times[] perSession = new Times[config.sessions()];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int s = 0; s < config.sessions(); s++) {
      int session = s;
      perSession[s] = new Times();
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < deadline && failure.get() == null) {
            onePage(sessionRandom[session], perSession[session]);
            think(sessionRandom[session]);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "workload-" + stack.name() + "-" + s);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(TimeUnit.NANOSECONDS.toMillis(duration.toNanos()) + 120_000);
    }
    Throwable f = failure.get();
    if (f instanceof Exception e) {
      throw e;
    } else if (f != null) {
      throw new IllegalStateException("a virtual user failed", f);
    }
    Times all = new Times();
    for (Times t : perSession) {
      all.addAll(t);
    }
    return all;
  }

  private void onePage(SplittableRandom rnd, Times times) throws Exception {
    int u = userByRank[rank(rnd.nextDouble())];
    long user = data.userIds()[u];
    long[] ventures = data.ventures()[u];
    Page page = pick(rnd, ventures.length > 0);
    long venture = ventures.length > 0 ? ventures[rnd.nextInt(ventures.length)] : 0;
    String topic = TOPICS[rnd.nextInt(TOPICS.length)];
    READ_PAGE.set(page != Page.CREATE_CONTENT);
    long t0 = System.nanoTime();
    try {
      serve(page, user, venture, topic, rnd);
    } finally {
      READ_PAGE.set(false);
    }
    times.add(page, System.nanoTime() - t0);
  }

  private void serve(Page page, long user, long venture, String topic, SplittableRandom rnd) throws Exception {
    switch (page) {
      case DASHBOARD -> {
        StaleReadAuditor.Expected expected = auditor.expected(user);
        auditor.checkDashboard(expected, stack.dashboard(user));
      }
      case NOTIFICATIONS -> {
        StaleReadAuditor.Expected expected = auditor.expected(user);
        auditor.checkNotifications(expected, stack.notifications(user));
      }
      case CONTEXT -> stack.ventureContext(user, venture);
      case FINANCIALS -> stack.monthlyFinancials(user, venture);
      case SEARCH -> stack.search(user, venture, "ideas for our " + topic);
      case CREATE_CONTENT -> {
        // bodies repeat across users (a few dozen texts), as AI-drafted content does
        String body = "Draft for our " + topic + ", take " + rnd.nextInt(3);
        ContentCreated c = stack.createContent(user, new NewContent(venture, "A " + topic, body,
            data.now().plusDays(1 + rnd.nextInt(30)), List.of()));
        auditor.committed(user, c.draft(), c.notification());
      }
      default -> throw new IllegalStateException("unknown page " + page);
    }
  }

  private Page pick(SplittableRandom rnd, boolean hasVentures) {
    double x = rnd.nextDouble();
    if (!hasVentures) {
      return x < 0.6 ? Page.DASHBOARD : Page.NOTIFICATIONS;
    }
    if (x < config.writeShare()) {
      return Page.CREATE_CONTENT;
    }
    double r = (x - config.writeShare()) / (1 - config.writeShare());
    return r < 0.35 ? Page.DASHBOARD : r < 0.55 ? Page.CONTEXT : r < 0.70 ? Page.FINANCIALS
        : r < 0.90 ? Page.NOTIFICATIONS : Page.SEARCH;
  }

  private int rank(double x) {
    int i = Arrays.binarySearch(userCdf, x);
    return Math.min(userCdf.length - 1, i >= 0 ? i : -i - 1);
  }

  private void think(SplittableRandom rnd) {
    long mean = config.thinkMean().toNanos();
    if (mean > 0) {
      LockSupport.parkNanos((long) (-Math.log(1 - rnd.nextDouble()) * mean));
    }
  }

  /**
   * One phase of {@code stack}: a warm-up (see {@link Config#warmup()}), then a measured run between two readings of every
   * counter. Idle pooled connections are retired before each reading so that their backends flush
   * their statistics to the server. Returns the phase's metrics under unprefixed names
   * ({@code throughput.pages_per_s}, {@code dashboard.p50_us}, ...) and the slowest Redis command.
   */
  public static Phase phase(WorkloadStack stack, WorkloadData data, Config config, ServerCounters server)
      throws Exception {
    StaleReadAuditor auditor = new StaleReadAuditor();
    Workload w = new Workload(stack, data, config, auditor);
    WarmUp warm = w.warmUp();
    flushBackends(stack);
    stack.resetCounters();
    auditor.resetCounts();
    server.begin();
    long t0 = System.nanoTime();
    Times times = w.drive(config.measure());
    double seconds = (System.nanoTime() - t0) / 1e9;
    StackCounters c = stack.counters();
    flushBackends(stack);
    ServerCounters.Delta d = server.end();
    Map<String, Double> m = metrics(times, seconds, c, d, auditor);
    auditor.samples().forEach(x -> System.err.println("stale read (" + stack.name() + ", " + data.userIds().length + " users): " + x));
    m.put("warmup.s", warm.seconds());
    m.put("warmup.windows.count", (double) warm.windows());
    if (!Double.isNaN(warm.lastHitRatio())) {
      m.put("warmup.last_window_hit_ratio", warm.lastHitRatio());
    }
    return new Phase(m, d.slowestCommand());
  }

  /**
   * How a warm-up went.
   *
   * @param seconds      its length
   * @param windows      windows run
   * @param lastHitRatio the last window's cache hit ratio (NaN without cache lookups)
   */
  record WarmUp(double seconds, int windows, double lastHitRatio) {}

  /**
   * Runs warm-up windows until a window's hit ratio is no higher than the previous window's plus
   * {@link #RISING} (at least two windows), or until {@link Config#warmup()} is spent. A stack
   * without a cache stops after two windows.
   */
  WarmUp warmUp() throws Exception {
    if (config.warmup().isZero()) {
      return new WarmUp(0, 0, Double.NaN);
    }
    long t0 = System.nanoTime();
    long budget = config.warmup().toNanos();
    Duration window = config.warmupWindow();
    double previous = Double.NaN;
    double ratio = Double.NaN;
    int windows = 0;
    while (System.nanoTime() - t0 + window.toNanos() <= budget || windows == 0) {
      StackCounters before = stack.counters();
      drive(window);
      StackCounters after = stack.counters();
      long lookups = after.lookups() - before.lookups();
      ratio = lookups == 0 ? Double.NaN
          : (double) (after.l1Hits() + after.l2Hits() - before.l1Hits() - before.l2Hits()) / lookups;
      windows++;
      boolean rising = windows < 2 || (!Double.isNaN(ratio) && (Double.isNaN(previous) || ratio > previous + RISING));
      if (!rising) {
        break;
      }
      previous = ratio;
    }
    return new WarmUp((System.nanoTime() - t0) / 1e9, windows, ratio);
  }

  /**
   * A phase's figures.
   *
   * @param metrics        unprefixed metric name to value
   * @param slowestCommand the slowest Redis command of the phase, or "-"
   */
  public record Phase(Map<String, Double> metrics, String slowestCommand) {}

  private static void flushBackends(WorkloadStack stack) throws InterruptedException {
    for (HikariDataSource pool : stack.pools()) {
      pool.getHikariPoolMXBean().softEvictConnections();
    }
    // a backend flushes its statistics when it exits; give the closed ones time to do so
    Thread.sleep(700);
  }

  private static Map<String, Double> metrics(Times t, double seconds, StackCounters c, ServerCounters.Delta d,
      StaleReadAuditor auditor) {
    Map<String, Double> m = new LinkedHashMap<>();
    double minutes = seconds / 60;
    double pages = Math.max(1, t.count());
    m.put("pages.count", (double) t.count());
    m.put("throughput.pages_per_s", t.count() / seconds);
    m.put("pages.p50_us", t.percentileMicros(50));
    m.put("pages.p99_us", t.percentileMicros(99));
    for (Page p : Page.values()) {
      if (t.count(p) > 0) {
        m.put(p.key() + ".p50_us", t.percentileMicros(p, 50));
        m.put(p.key() + ".p99_us", t.percentileMicros(p, 99));
      }
    }
    long statements = c.primaryStatements() + c.replicaStatements();
    m.put("db.statements_per_min", statements / minutes);
    m.put("db.statements_per_page", statements / pages);
    long readPages = t.count() - t.count(Page.CREATE_CONTENT);
    long writePages = t.count(Page.CREATE_CONTENT);
    m.put("db.read_statements_per_read_page", readPages == 0 ? Double.NaN : c.readPageStatements() / (double) readPages);
    m.put("db.write_statements_per_write_page",
        writePages == 0 ? Double.NaN : (statements - c.readPageStatements()) / (double) writePages);
    m.put("db.primary.statements_per_min", c.primaryStatements() / minutes);
    m.put("db.replica.statements_per_min", c.replicaStatements() / minutes);
    m.put("db.server.primary.xacts_per_min", d.primaryXacts() / minutes);
    m.put("db.server.replica.xacts_per_min", d.replicaXacts() / minutes);
    m.put("db.server.xacts_per_page", (d.primaryXacts() + d.replicaXacts()) / pages);
    m.put("db.server.primary.rows_per_page", d.primaryRows() / pages);
    m.put("db.server.replica.rows_per_page", d.replicaRows() / pages);
    double lookups = Math.max(1, c.lookups());
    m.put("cache.l1_hit_ratio", c.lookups() == 0 ? 0 : c.l1Hits() / lookups);
    m.put("cache.l2_hit_ratio", c.lookups() == 0 ? 0 : c.l2Hits() / lookups);
    m.put("cache.hit_ratio", c.lookups() == 0 ? 0 : (c.l1Hits() + c.l2Hits()) / lookups);
    m.put("redis.commands_per_s", d.redisCommands() / seconds);
    m.put("redis.keys_commands.count", (double) d.keysCommands());
    m.put("redis.slowest_command_us", (double) d.slowestMicros());
    m.put("qdrant.searches_per_min", c.searches() / minutes);
    m.put("embedding.provider_texts_per_min", c.embeddingTexts() / minutes);
    m.put("pool.primary.peak_active.count", (double) c.primaryPeakActive());
    m.put("pool.replica.peak_active.count", (double) c.replicaPeakActive());
    m.put("stale_reads.count", (double) auditor.stale());
    m.put("audited_reads.count", (double) auditor.audited());
    return m;
  }
}
