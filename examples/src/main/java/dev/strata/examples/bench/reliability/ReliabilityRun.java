package dev.strata.examples.bench.reliability;

import dev.strata.cache.TieredCacheBuilder;
import dev.strata.core.StrataJdbi;
import dev.strata.core.content.ContentCreated;
import dev.strata.core.content.NewContent;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.dashboard.VentureDashboard;
import dev.strata.core.domain.ContentDraft;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.TestDatabase;
import dev.strata.vector.Filter;
import dev.strata.vector.SearchRequest;
import dev.strata.vector.VectorStoreException;
import dev.strata.venture.VentureContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults-under-load driver: two application instances ({@link AppInstance}: two routers, two
 * caches with L1, two indexers) on one PostgreSQL primary + replica, one Redis (or Redis Cluster) and
 * one Qdrant, a mixed workload from several threads — dashboards, venture contexts, monthly figures,
 * content writes through {@code VentureWrites.createContent} (the cascading write), searches — and
 * real faults injected one at a time while it runs ({@link Fault}). It counts requests, failures,
 * stale reads, and at the end items lost or stored twice:
 * <ul>
 *   <li><b>failed read</b>: a dashboard, context or monthly-figures read that threw (none allowed);</li>
 *   <li><b>stale read</b>: a read that misses a draft its own user's write committed before the read
 *       began (reads on the writer's instance), or one committed more than the staleness bound before
 *       it (reads on the other instance, whose L1 may hold the old page that long: see
 *       {@link #DEFAULT_STALE_BOUND});</li>
 *   <li><b>failed write</b>: allowed only when it overlaps a primary outage, and then only with an
 *       exception of Strata's ({@code dev.strata.*}); anything else is an unexpected failure;</li>
 *   <li><b>lost</b>: a draft whose write returned but that is not in PostgreSQL, or a draft in
 *       PostgreSQL without its point in Qdrant once the outbox is drained (or a dead-lettered job);
 *       <b>duplicated</b>: a draft with more than one point, or a venture with more points than drafts.</li>
 * </ul>
 * The staleness bound for the other instance is the cache's stated outage bound:
 * {@code l1TtlWhileUnsubscribed} (1 s) plus the time to notice a stalled Redis (one maintenance
 * period, 1 s, plus {@code commandTimeout}, 0.5 s) — 2.5 s — plus 0.5 s for scheduling on a loaded
 * machine: 3 s.
 */
public final class ReliabilityRun implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReliabilityRun.class);

  /** The other instance's staleness bound (see the class comment). */
  public static final Duration DEFAULT_STALE_BOUND = Duration.ofSeconds(3);

  /**
   * How the workload runs.
   *
   * @param threads    worker threads (each does one request, then thinks)
   * @param thinkMean  mean think time between a thread's requests (exponential)
   * @param writeShare share of requests that create content
   * @param staleBound how old an invalidation the other instance may still miss
   * @param seed       seed of the threads' choices
   */
  public record Config(int threads, Duration thinkMean, double writeShare, Duration staleBound, long seed) {

    /** Checks the values. */
    public Config {
      if (threads <= 0) {
        throw new IllegalArgumentException("threads must be positive, was: " + threads);
      }
      if (thinkMean == null || thinkMean.isNegative()) {
        throw new IllegalArgumentException("thinkMean must be >= 0, was: " + thinkMean);
      }
      if (!(writeShare >= 0 && writeShare < 1)) {
        throw new IllegalArgumentException("writeShare must be in [0, 1), was: " + writeShare);
      }
      if (staleBound == null || staleBound.isNegative()) {
        throw new IllegalArgumentException("staleBound must be >= 0, was: " + staleBound);
      }
    }

    /** 4 threads, 5 ms think time, 20 % writes, the 3 s bound. */
    public static Config defaults() {
      return new Config(4, Duration.ofMillis(5), 0.2, DEFAULT_STALE_BOUND, 42);
    }
  }

  private record Window(Fault fault, long start, AtomicLong end) {}

  private final Config config;
  private final TestDatabase db;
  private final List<AppInstance> apps = new ArrayList<>();
  private final long[] ventureIds;
  private final Map<Long, Long> owners;
  private final Map<Long, List<Long>> venturesOf;
  private final long[] users;
  private final long draftBaseline;
  /** Points per venture in Qdrant before the run (earlier runs on the same collection). */
  private final Map<Long, Long> pointBaseline = new HashMap<>();
  private final FreshnessAuditor auditor;
  private final List<Window> windows = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stop;
  private volatile long lastWriteReturned;

  private final LongAdder reads = new LongAdder();
  private final LongAdder failedReads = new LongAdder();
  private final LongAdder auditedReads = new LongAdder();
  private final LongAdder staleReads = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder failedWrites = new LongAdder();
  private final LongAdder unexpectedWriteFailures = new LongAdder();
  private final LongAdder searches = new LongAdder();
  private final LongAdder failedSearches = new LongAdder();
  private final LongAdder unexpectedSearchFailures = new LongAdder();
  private final Set<String> writeFailureTypes = ConcurrentHashMap.newKeySet();
  private final List<String> samples = new CopyOnWriteArrayList<>();
  private final Map<String, Long> recoveryMillis = new LinkedHashMap<>();
  private final Map<String, Long> failedWritesPerFault = new ConcurrentHashMap<>();

  private ReliabilityRun(TestDatabase db, UnaryOperator<TieredCacheBuilder> redis, QdrantServer qdrant, Config config) {
    this.config = config;
    this.db = db;
    Jdbi jdbi = StrataJdbi.create(db.dataSource());
    this.owners = jdbi.withHandle(h -> h.createQuery("SELECT id, user_id FROM ventures WHERE is_active ORDER BY id")
        .reduceRows(new TreeMap<Long, Long>(), (m, row) -> {
          m.put(row.getColumn("id", Long.class), row.getColumn("user_id", Long.class));
          return m;
        }));
    if (owners.isEmpty()) {
      throw new IllegalArgumentException("db must hold a dataset with active ventures (DatasetGenerator)");
    }
    this.ventureIds = owners.keySet().stream().mapToLong(Long::longValue).toArray();
    this.venturesOf = new HashMap<>();
    owners.forEach((v, u) -> venturesOf.computeIfAbsent(u, x -> new ArrayList<>()).add(v));
    this.users = venturesOf.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    this.draftBaseline = jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(id), 0) FROM content_drafts")
        .mapTo(Long.class).one());
    this.auditor = new FreshnessAuditor(TimeUnit.SECONDS.toNanos(60) + config.staleBound().toNanos());
    try {
      apps.add(new AppInstance("app-a", db, redis, qdrant));
      apps.add(new AppInstance("app-b", db, redis, qdrant));
      for (long v : ventureIds) {
        pointBaseline.put(v, apps.get(0).vectors.count(Long.toString(v), AppInstance.COLLECTION));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Two instances over {@code db} (migrated, with a dataset), the Redis {@code redis} configures (it
   * receives a builder with the instance's name set: add {@code namespace} and {@code redis(...)}) and
   * {@code qdrant}; the workload starts at once.
   */
  public static ReliabilityRun start(TestDatabase db, UnaryOperator<TieredCacheBuilder> redis, QdrantServer qdrant,
      Config config) {
    ReliabilityRun run = new ReliabilityRun(db, redis, qdrant, config);
    run.startThreads();
    return run;
  }

  private void startThreads() {
    for (int i = 0; i < config.threads(); i++) {
      SplittableRandom rnd = new SplittableRandom(config.seed() * 1_000_003L + i);
      Thread t = new Thread(() -> {
        while (!stop) {
          oneRequest(rnd);
          long mean = config.thinkMean().toNanos();
          if (mean > 0) {
            LockSupport.parkNanos((long) (-Math.log(1 - rnd.nextDouble()) * mean));
          }
        }
      }, "reliability-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** The instance a user's writes go through (session affinity). */
  private AppInstance home(long user) {
    return apps.get((int) Math.floorMod(user, 2L));
  }

  private void oneRequest(SplittableRandom rnd) {
    long user = users[rnd.nextInt(users.length)];
    List<Long> mine = venturesOf.get(user);
    long venture = mine.get(rnd.nextInt(mine.size()));
    AppInstance home = home(user);
    AppInstance app = rnd.nextBoolean() ? home : apps.get(1 - apps.indexOf(home));
    double x = rnd.nextDouble();
    if (x < config.writeShare()) {
      write(home, venture, rnd);
      return;
    }
    double r = (x - config.writeShare()) / (1 - config.writeShare());
    if (r < 0.85) {
      read(app, app == home, user, venture, r < 0.4 ? 0 : r < 0.7 ? 1 : 2);
    } else {
      search(app, venture, rnd);
    }
  }

  private void write(AppInstance home, long venture, SplittableRandom rnd) {
    long t0 = System.nanoTime();
    OffsetDateTime at = OffsetDateTime.of(2026, 7, 1, 9, 0, 0, 0, ZoneOffset.UTC).plusHours(rnd.nextInt(24 * 90));
    String title = "Reliability post " + rnd.nextInt(1_000_000);
    try {
      ContentCreated c = home.writes.createContent(new NewContent(venture, title, "Body of " + title, at, List.of()))
          .value();
      long now = System.nanoTime();
      auditor.committed(venture, c.draftId(), now);
      lastWriteReturned = now;
      writes.increment();
    } catch (RuntimeException e) {
      writes.increment();
      Window w = overlapping(t0, System.nanoTime(), Fault::writesMayFail);
      if (w != null && e.getClass().getName().startsWith("dev.strata.")) {
        failedWrites.increment();
        writeFailureTypes.add(e.getClass().getSimpleName());
        failedWritesPerFault.merge(w.fault().name(), 1L, Long::sum);
      } else {
        unexpectedWriteFailures.increment();
        sample("write on " + home.name, e);
      }
    }
  }

  private void read(AppInstance app, boolean writersInstance, long user, long venture, int kind) {
    long t0 = System.nanoTime();
    long cutoff = writersInstance ? t0 : t0 - config.staleBound().toNanos();
    app.trace.reset();
    try {
      switch (kind) {
        case 0 -> {
          Map<Long, Long> expected = new HashMap<>();
          venturesOf.get(user).forEach(v -> expected.put(v, auditor.expected(v, cutoff)));
          Dashboard d = app.reads.dashboard(user);
          for (VentureDashboard v : d.ventures()) {
            audit(v.recentDrafts(), expected.getOrDefault(v.venture().id(), 0L), t0, app, writersInstance,
                "dashboard of user " + user + ", venture " + v.venture().id());
          }
        }
        case 1 -> {
          long expected = auditor.expected(venture, cutoff);
          VentureContext c = app.reads.context(venture);
          audit(c.recentDrafts(), expected, t0, app, writersInstance, "context of venture " + venture);
        }
        default -> app.reads.monthlyStats(venture, YearMonth.of(2026, 1), YearMonth.of(2026, 6));
      }
      reads.increment();
    } catch (RuntimeException e) {
      reads.increment();
      failedReads.increment();
      sample("read on " + app.name, e);
    }
  }

  private void audit(List<ContentDraft> shown, long expected, long readStart, AppInstance app, boolean writersInstance,
      String what) {
    if (expected == 0) {
      return;
    }
    auditedReads.increment();
    if (!FreshnessAuditor.shows(shown, expected)) {
      staleReads.increment();
      if (samples.size() < 20) {
        long newest = shown.stream().mapToLong(ContentDraft::id).max().orElse(0);
        samples.add("stale read on " + app.name + (writersInstance ? " (the writer's instance)" : " (the other instance)")
            + ": " + what + " shows draft " + newest + ", not " + expected + " whose write returned "
            + auditor.ageMillis(expected, readStart) + " ms before the read began, during " + activeFaults()
            + "; the cache: " + app.trace.describe());
      }
    }
  }

  private void search(AppInstance app, long venture, SplittableRandom rnd) {
    long t0 = System.nanoTime();
    try {
      app.vectors.search(Long.toString(venture), AppInstance.COLLECTION,
          SearchRequest.of(app.embeddings.embed("ideas for post " + rnd.nextInt(50)), 5));
      searches.increment();
    } catch (RuntimeException e) {
      searches.increment();
      if (e instanceof VectorStoreException && overlapping(t0, System.nanoTime(), Fault::searchesMayFail) != null) {
        failedSearches.increment();
      } else {
        unexpectedSearchFailures.increment();
        sample("search on " + app.name, e);
      }
    }
  }

  private Window overlapping(long from, long to, java.util.function.Predicate<Fault> kind) {
    for (Window w : windows) {
      if (kind.test(w.fault()) && from <= w.end().get() && to >= w.start()) {
        return w;
      }
    }
    return null;
  }

  private String activeFaults() {
    long now = System.nanoTime();
    List<String> names = new ArrayList<>();
    for (Window w : windows) {
      if (now - w.end().get() < config.staleBound().toNanos() * 2) {
        names.add(w.fault().name());
      }
    }
    return names.isEmpty() ? "no fault" : String.join(", ", names);
  }

  private void sample(String what, Throwable e) {
    if (samples.size() < 20) {
      StringBuilder s = new StringBuilder(what).append(" during ").append(activeFaults()).append(": ").append(e);
      for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
        s.append(" <- ").append(c);
      }
      samples.add(s.toString());
      log.warn("reliability: {}", s);
    }
  }

  /**
   * Injects each fault in turn while the workload runs: {@code settle} of normal operation, the
   * fault for its hold time, the heal, then waits (up to {@code recoveryTimeout}) until a write
   * through the instances returns again and both routers have their primary and their replica back;
   * the time from the heal to that point is reported as the fault's recovery time.
   */
  public void inject(List<Fault> faults, Duration settle, Duration recoveryTimeout) throws Exception {
    for (Fault f : faults) {
      LockSupport.parkNanos(settle.toNanos());
      log.info("reliability: injecting {}", f.name());
      Window w = new Window(f, System.nanoTime(), new AtomicLong(Long.MAX_VALUE));
      windows.add(w);
      try {
        f.inject().run();
        LockSupport.parkNanos(f.hold().toNanos());
      } finally {
        f.heal().run();
      }
      long healed = System.nanoTime();
      Eventually.within(recoveryTimeout, () -> f.name() + ": a write returning and both routers whole again", () ->
          lastWriteReturned > healed && apps.stream().allMatch(a -> a.router.primaryAvailable()
              && a.router.stats().replicas().values().stream().allMatch(r -> r.healthy())));
      long recovered = System.nanoTime();
      w.end().set(recovered);
      recoveryMillis.put(f.name(), TimeUnit.NANOSECONDS.toMillis(recovered - healed));
      log.info("reliability: {} healed, recovered in {} ms", f.name(), recoveryMillis.get(f.name()));
    }
  }

  /** The larger of the two instances' L1 sizes now. */
  public long largestL1Size() {
    return apps.stream().mapToLong(a -> a.cache.l1Size()).max().orElse(0);
  }

  /** Lets the workload run for {@code d} without a fault. */
  public void runFor(Duration d) {
    LockSupport.parkNanos(d.toNanos());
  }

  /**
   * Stops the workload, waits (up to {@code drainTimeout}) for the outbox to be drained, and checks
   * every draft written during the run against PostgreSQL and Qdrant.
   */
  public Report finish(Duration drainTimeout) throws Exception {
    stop = true;
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(120));
    }
    AppInstance a = apps.get(0);
    Eventually.within(drainTimeout, () -> "outbox drained: " + a.outbox.pending(dev.strata.vector.VectorIndexer.TOPIC)
        + " pending", () -> a.outbox.pending(dev.strata.vector.VectorIndexer.TOPIC) == 0);
    long dead = a.outbox.dead(dev.strata.vector.VectorIndexer.TOPIC);
    Jdbi jdbi = StrataJdbi.create(db.dataSource());
    Map<Long, Long> drafts = jdbi.withHandle(h -> h.createQuery(
            "SELECT id, venture_id FROM content_drafts WHERE id > :base ORDER BY id").bind("base", draftBaseline)
        .reduceRows(new TreeMap<Long, Long>(), (m, row) -> {
          m.put(row.getColumn("id", Long.class), row.getColumn("venture_id", Long.class));
          return m;
        }));
    long lostCommits = auditor.allCommitted().stream().filter(id -> !drafts.containsKey(id)).count();
    float[] any = a.embeddings.embed("any text");
    long lostIndexed = 0;
    long duplicated = 0;
    Map<Long, Long> perVenture = new HashMap<>();
    for (Map.Entry<Long, Long> d : drafts.entrySet()) {
      perVenture.merge(d.getValue(), 1L, Long::sum);
      int points = a.vectors.search(Long.toString(d.getValue()), AppInstance.COLLECTION,
          SearchRequest.of(any, 10).withFilter(Filter.integer("draft_id", d.getKey()))).size();
      if (points == 0) {
        lostIndexed++;
        if (samples.size() < 20) {
          samples.add("draft " + d.getKey() + " of venture " + d.getValue() + " has no point in Qdrant");
        }
      } else if (points > 1) {
        duplicated += points - 1;
      }
    }
    for (long v : ventureIds) {
      long stored = a.vectors.count(Long.toString(v), AppInstance.COLLECTION);
      long expected = pointBaseline.get(v) + perVenture.getOrDefault(v, 0L);
      if (stored > expected) {
        duplicated += stored - expected;
      }
    }
    return new Report(reads.sum() + writes.sum() + searches.sum(), reads.sum(), failedReads.sum(),
        auditedReads.sum(), staleReads.sum(), writes.sum(), failedWrites.sum(), unexpectedWriteFailures.sum(),
        Set.copyOf(writeFailureTypes), searches.sum(), failedSearches.sum(), unexpectedSearchFailures.sum(),
        drafts.size(), lostCommits, lostIndexed + dead, duplicated, Map.copyOf(recoveryMillis),
        Map.copyOf(failedWritesPerFault), List.copyOf(samples));
  }

  /**
   * A run's counts.
   *
   * @param requests                 reads, writes and searches
   * @param reads                    dashboard, context and monthly-figures reads
   * @param failedReads              reads that threw
   * @param auditedReads             reads that depended on a write (checked for staleness)
   * @param staleReads               of those, reads that missed it
   * @param writes                   content writes
   * @param failedWrites             writes that failed during a primary outage with a Strata exception
   * @param unexpectedWriteFailures  any other failed write
   * @param writeFailureTypes        the exception types of {@code failedWrites}
   * @param searches                 searches
   * @param failedSearches           searches that failed while Qdrant was away (strata-vector's exception)
   * @param unexpectedSearchFailures any other failed search
   * @param drafts                   drafts written during the run (in PostgreSQL)
   * @param lostCommits              drafts whose write returned but which are not in PostgreSQL
   * @param lostIndexed              drafts without a point in Qdrant after the drain, dead-lettered jobs included
   * @param duplicated               points beyond one per draft
   * @param recoveryMillis           per fault, heal to the first write returning with both routers whole
   * @param failedWritesPerFault     per fault, its failed writes
   * @param samples                  the first failures and stale reads, described
   */
  public record Report(long requests, long reads, long failedReads, long auditedReads, long staleReads, long writes,
      long failedWrites, long unexpectedWriteFailures, Set<String> writeFailureTypes, long searches,
      long failedSearches, long unexpectedSearchFailures, long drafts, long lostCommits, long lostIndexed,
      long duplicated, Map<String, Long> recoveryMillis, Map<String, Long> failedWritesPerFault, List<String> samples) {

    /** Lost items, in PostgreSQL or in Qdrant. */
    public long lost() {
      return lostCommits + lostIndexed;
    }

    /** The counts as metrics under {@code prefix} ({@code reliability.requests.count}, ...). */
    public Map<String, Double> metrics(String prefix) {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put(prefix + ".requests.count", (double) requests);
      m.put(prefix + ".failed_requests.count", (double) (failedReads + failedWrites + unexpectedWriteFailures
          + failedSearches + unexpectedSearchFailures));
      m.put(prefix + ".reads.count", (double) reads);
      m.put(prefix + ".failed_reads.count", (double) failedReads);
      m.put(prefix + ".audited_reads.count", (double) auditedReads);
      m.put(prefix + ".stale_reads.count", (double) staleReads);
      m.put(prefix + ".writes.count", (double) writes);
      m.put(prefix + ".failed_writes_primary_down.count", (double) failedWrites);
      m.put(prefix + ".unexpected_write_failures.count", (double) unexpectedWriteFailures);
      m.put(prefix + ".searches.count", (double) searches);
      m.put(prefix + ".failed_searches_qdrant_down.count", (double) failedSearches);
      m.put(prefix + ".unexpected_search_failures.count", (double) unexpectedSearchFailures);
      m.put(prefix + ".drafts.count", (double) drafts);
      m.put(prefix + ".lost.count", (double) lost());
      m.put(prefix + ".duplicated.count", (double) duplicated);
      recoveryMillis.forEach((f, ms) -> m.put(prefix + ".recovery_ms." + f, (double) ms));
      return m;
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      s.append(String.format(java.util.Locale.ROOT,
          "requests %d | reads %d, failed %d, audited %d, stale %d | writes %d, failed in primary outages %d %s,"
              + " unexpected %d | searches %d, failed while Qdrant was away %d, unexpected %d | drafts %d, lost %d"
              + " (not committed %d, not indexed %d), duplicated %d | recovery ms %s | failed writes per fault %s",
          requests, reads, failedReads, auditedReads, staleReads, writes, failedWrites, writeFailureTypes,
          unexpectedWriteFailures, searches, failedSearches, unexpectedSearchFailures, drafts, lost(), lostCommits,
          lostIndexed, duplicated, new TreeMap<>(recoveryMillis), new TreeMap<>(failedWritesPerFault)));
      samples.forEach(x -> s.append("\n  ").append(x));
      return s.toString();
    }
  }

  @Override
  public void close() {
    stop = true;
    for (int i = apps.size() - 1; i >= 0; i--) {
      apps.get(i).close();
    }
  }
}
