package dev.strata.examples.demo;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.cache.CacheKey;
import dev.strata.cache.TieredCache;
import dev.strata.core.StrataJdbi;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.dashboard.DashboardLoader;
import dev.strata.core.dashboard.DashboardQueries;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.dataset.DatasetSummary;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.core.schema.StrataSchema;
import dev.strata.examples.EmbeddingChoice;
import dev.strata.metrics.RoutingMetrics;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.routing.RoutingScope;
import dev.strata.routing.RoutingSession;
import dev.strata.venture.VentureKeys;
import dev.strata.venture.VentureWrites;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.Redis;
import dev.strata.testkit.TestDatabase;
import dev.strata.vector.EmbeddingCache;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.EmbeddingProviders;
import dev.strata.vector.IndexJob;
import dev.strata.vector.QdrantOptions;
import dev.strata.vector.SearchRequest;
import dev.strata.vector.VectorIndexer;
import dev.strata.vector.VectorStats;
import dev.strata.vector.VectorStores;
import dev.strata.vector.VentureMatch;
import dev.strata.vector.VentureVectors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qdrant.client.QdrantClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The demo ({@code examples/demo}): one user's day on the whole stack, on real servers started by the
 * testkit — a PostgreSQL primary with a streaming replica, Redis, and Qdrant's gRPC API (the testkit
 * emulator, or a real Qdrant when Docker runs). Two application instances share Redis; the user
 * loads their dashboard, writes a draft, sees it at once, finds it by meaning, and the demo then
 * breaks things (replica lag, Redis down, Qdrant down) to show what degrades and what does not.
 * This narrative is {@code examples/demo --no-serve}; without the flag the demo serves the app
 * ({@link DemoServer}).
 */
public final class DemoMain {

  /** The option that runs this narrative instead of serving the app. */
  static final String NO_SERVE = "--no-serve";
  private static final int USERS = 300;
  private static final String CONTENT = "content_embeddings";

  private final Step out = new Step();
  private final EmbeddingChoice embeddingChoice;

  /**
   * What the demo showed, for its test.
   *
   * @param draftSeenAtOnce     the user's new draft was on the other instance's dashboard right after the write
   * @param foundByMeaning      the venture's search found the new draft
   * @param otherVentureHits    what another user's venture found for the same query (must be 0)
   * @param ownWriteDuringLag   with replay paused, the session still saw its own write
   * @param nothingLost         every job written while Qdrant was down was indexed after it came back (true if skipped)
   * @param servedWithRedisDown the dashboard was served with Redis stopped (true if skipped)
   */
  record Outcome(boolean draftSeenAtOnce, boolean foundByMeaning, int otherVentureHits, boolean ownWriteDuringLag,
      boolean nothingLost, boolean servedWithRedisDown) {}

  DemoMain() {
    this(EmbeddingChoice.HASHING);
  }

  DemoMain(EmbeddingChoice embeddingChoice) {
    this.embeddingChoice = embeddingChoice;
  }

  public static void main(String[] args) throws Exception {
    // the narrative goes to standard output; keep the servers' and clients' own logs to warnings
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    // the Qdrant client logs every failed call with its stack trace; Strata's adapter reports retries itself
    System.setProperty("org.slf4j.simpleLogger.log.io.qdrant.client", "off");
    List<String> rest = new java.util.ArrayList<>(List.of(args));
    boolean serve = !rest.remove(NO_SERVE);
    EmbeddingChoice embeddings;
    try {
      embeddings = EmbeddingChoice.fromArgs(rest.toArray(new String[0]));
    } catch (IllegalArgumentException e) {
      System.err.println("examples/demo: " + e.getMessage() + " (and " + NO_SERVE + " for the narrative run)");
      System.exit(2);
      return;
    }
    if (serve) {
      DemoServer.serve(embeddings);
      return;
    }
    Outcome outcome = new DemoMain(embeddings).run();
    System.out.println("   " + outcome);
    System.exit(0); // testkit's servers stop in its shutdown hook
  }

  Outcome run() throws Exception {
    out.title("Strata demo — PostgreSQL primary + replica, Redis, Qdrant; two app instances");

    out.step("Starting real servers (testkit: no database, Redis or Docker needed)");
    PostgreSQL pg = PostgreSQL.shared();
    TestDatabase db = pg.newDatabase("demo");
    Redis redis = Redis.shared();
    String redisUri = redis.standalone().uri();
    QdrantServer qdrant = Qdrant.dockerAvailable() ? Qdrant.container() : Qdrant.startEmulator();
    out.line("PostgreSQL %s, replica %s; Redis %s; Qdrant %s at %s:%d", pg.primary().port(), pg.replica().port(),
        redisUri, qdrant.isReal() ? "(real, Testcontainers)" : "(testkit's gRPC emulator)", qdrant.host(), qdrant.grpcPort());

    int migrations = StrataSchema.migrate(db.dataSource());
    long t0 = System.nanoTime();
    DatasetSummary data = DatasetGenerator.builder().seed(7).users(USERS).build().generate(db.dataSource());
    out.line("%d migrations applied; dataset of %,d users, %,d ventures, %,d financial records in %d ms",
        migrations, data.users(), data.ventures(), data.financialRecords(), ms(t0));

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (HikariDataSource primary = pool(db, db.jdbcUrl(), "demo-primary");
        HikariDataSource replica = pool(db, db.replicaJdbcUrl(), "demo-replica");
        RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder()
            .primary(primary).replica("replica-1", replica).listener(RoutingMetrics.create(registry)).build());
        TieredCache cacheA = TieredCache.builder().name("instance-a").namespace("demo").redis(redisUri).build();
        TieredCache cacheB = TieredCache.builder().name("instance-b").namespace("demo").redis(redisUri).build();
        QdrantClient client = qdrant.newClient()) {
      pg.awaitReplicaCatchUp(Duration.ofSeconds(60));
      router.checkNow();
      DashboardLoader loader = DashboardQueries.oneRoundTrip(StrataJdbi.create(router));
      OffsetDateTime now = data.baseTime();
      LocalDate month = now.toLocalDate().withDayOfMonth(1);

      long user = firstUserWithVentures(primary, 2);
      long venture = firstVentureOf(primary, user);
      long stranger = firstVentureNotOf(primary, user);
      RoutingSession session = router.session("user:" + user);
      CacheKey dashboardKey = CacheKey.of(VentureKeys.userGroup(user), "dashboard");
      // commits of this transactor invalidate the changed ventures' and owners' groups on every instance
      VentureWrites writes = VentureWrites.create(router, cacheA);
      Supplier<Dashboard> fromDb = () -> {
        try (RoutingScope read = session.readScope()) {
          return loader.load(user, month, now);
        }
      };

      out.step("User %d opens the dashboard (one statement, routed to the replica, cached in L1 + Redis)", user);
      Dashboard cold = timed("instance A, cold (database; first call in the JVM)", () -> cacheA.getOrSet(dashboardKey, Dashboard.class, Duration.ofMinutes(5), fromDb::get));
      timed("instance A, again (L1)", () -> cacheA.getOrSet(dashboardKey, Dashboard.class, Duration.ofMinutes(5), fromDb::get));
      timed("instance B (Redis, then its own L1)", () -> cacheB.getOrSet(dashboardKey, Dashboard.class, Duration.ofMinutes(5), fromDb::get));
      out.line("%d ventures; drafts shown for venture %d: %d; router so far: %s", cold.ventures().size(), venture,
          drafts(cold, venture), router.stats());

      out.step("The user writes a draft: row + indexing job in one transaction on the primary; the commit invalidates");
      VectorStats vstats = VectorStats.create();
      EmbeddingProvider model = embeddingChoice.provider();
      out.line("embeddings: %s (%s, %d dimensions; %s %s)", embeddingChoice.value(), model.modelId(), model.dimension(),
          EmbeddingChoice.OPTION, embeddingChoice == EmbeddingChoice.HASHING ? "minilm for the real model" : "hashing for the stand-in");
      VentureVectors vectors = VentureVectors.builder(VectorStores.qdrant(client, QdrantOptions.defaults(), vstats))
          .collection(CONTENT, model.dimension()).build();
      vectors.ensureCollections();
      EmbeddingProvider embeddings = EmbeddingProviders.deduplicating(model, EmbeddingCache.tiered(cacheA), vstats);
      Outbox outbox = Outbox.builder(router).build();
      VectorIndexer indexer = VectorIndexer.builder(outbox, vectors, embeddings).listener(vstats).build();
      String text = "Spring launch plan: a waitlist landing page, three teaser posts and a founder video";
      long draftId = session.write(c -> writes.transactor().inTransaction(c, (conn, unit) -> {
        long id = insertDraft(conn, venture, "Spring launch", text);
        indexer.enqueue(conn, IndexJob.of(Long.toString(venture), CONTENT, text).withPayload(Map.of("draft_id", id)));
        unit.changed().venture(venture, user); // after the commit: venture and user groups, fenced, on every instance
        return id;
      }).value());
      out.line("draft %d written; session token %s; venture and user groups invalidated on every instance", draftId,
          session.token().map(Object::toString).orElse("-"));
      awaitLocalInvalidation(cacheB, dashboardKey);
      Dashboard fresh = timed("instance B right after (read-your-writes)",
          () -> cacheB.getOrSet(dashboardKey, Dashboard.class, Duration.ofMinutes(5), fromDb::get));
      boolean seenAtOnce = hasDraft(fresh, draftId);
      out.line("the new draft is on B's dashboard: %s (drafts shown: %d)", seenAtOnce, drafts(fresh, venture));

      out.step("The indexer drains the outbox into Qdrant; search by meaning, scoped to one venture");
      indexer.drainOnce();
      long indexed = vstats.indexed();
      List<VentureMatch> own = vectors.search(Long.toString(venture), CONTENT,
          SearchRequest.of(embeddings.embed("launch plan with teaser posts and a waitlist"), 3));
      List<VentureMatch> other = vectors.search(Long.toString(stranger), CONTENT,
          SearchRequest.of(embeddings.embed("launch plan with teaser posts and a waitlist"), 3));
      out.line("%d job(s) indexed; venture %d finds %s; venture %d (another user's) finds %d point(s)", indexed, venture,
          own.isEmpty() ? "nothing" : "draft " + own.get(0).payload().get("draft_id") + " (score " + own.get(0).score() + ")",
          stranger, other.size());

      boolean found = !own.isEmpty() && Long.valueOf(draftId).equals(((Number) own.get(0).payload().get("draft_id")).longValue());

      out.step("Drill 1 — replica lag: replay paused on the replica");
      boolean ownDuringLag;
      pg.pauseReplay();
      try {
        long second = session.write(c -> writes.transactor().inTransaction(c, (conn, unit) -> {
          unit.changed().venture(venture, user);
          return insertDraft(conn, venture, "Follow-up", "Press kit for the launch");
        }).value());
        awaitLocalInvalidation(cacheB, dashboardKey);
        Dashboard own2 = cacheB.getOrSet(dashboardKey, Dashboard.class, Duration.ofMinutes(5), fromDb::get);
        Dashboard plain;
        try (RoutingScope read = router.readScope()) {
          plain = loader.load(user, month, now);
        }
        ownDuringLag = hasDraft(own2, second);
        out.line("the user's session sees draft %d: %s (served by the primary); a token-less replica read sees it: %s",
            second, ownDuringLag, hasDraft(plain, second));
      } finally {
        pg.resumeReplay();
      }

      out.step("Drill 2 — Qdrant down while the user writes");
      boolean nothingLost = true;
      if (qdrant.supportsFaultInjection()) {
        qdrant.stop();
        for (int i = 0; i < 5; i++) {
          String body = "Idea " + i + ": behind-the-scenes clip of the product being built";
          session.write(c -> {
            long id = insertDraft(c, venture, "Idea", body);
            indexer.enqueue(c, IndexJob.of(Long.toString(venture), CONTENT, body).withPayload(Map.of("draft_id", id)));
            return id;
          });
        }
        long indexedBefore = vstats.indexed();
        indexer.drainOnce();
        out.line("5 drafts written and committed; indexed while Qdrant is down: %d, deferred: %d, jobs waiting: %d",
            vstats.indexed() - indexedBefore, vstats.deferred(), outbox.pending(VectorIndexer.TOPIC));
        qdrant.start();
        drainAll(outbox, indexer);
        nothingLost = vstats.indexed() - indexedBefore == 5 && outbox.pending(VectorIndexer.TOPIC) == 0;
        out.line("Qdrant back: %d indexed, %d waiting — nothing lost", vstats.indexed() - indexedBefore,
            outbox.pending(VectorIndexer.TOPIC));
      } else {
        out.line("(a real Qdrant cannot be stopped by the demo; skipped)");
      }

      out.step("Drill 3 — Redis down");
      boolean servedWithRedisDown = true;
      if (redis.supportsFaultInjection()) {
        redis.stopStandalone();
        try {
          cacheA.clearLocal();
          Dashboard served = timed("instance A with Redis down (loader, fail-open)",
              () -> cacheA.getOrSet(dashboardKey, Dashboard.class, Duration.ofMinutes(5), fromDb::get));
          servedWithRedisDown = served != null && !served.ventures().isEmpty();
          out.line("dashboard served: %s; no exception reached the caller; cache stats: %s", served != null, cacheA.stats());
        } finally {
          redis.restartStandalone();
        }
      } else {
        out.line("(Redis named by STRATA_TEST_REDIS_URL cannot be stopped by the demo; skipped)");
      }

      out.step("What the layers counted");
      out.line("router: %s", router.stats());
      out.line("cache A: %s", cacheA.stats());
      out.line("cache B: %s", cacheB.stats());
      out.line("vector: %d searches, %d points upserted, %d embedding requests, %d provider calls (%.0f%% saved)",
          vstats.searches(), vstats.upsertedPoints(), vstats.embeddingsRequested(), vstats.providerCalls(),
          100 * vstats.embeddingCallsSavedRatio());
      out.line("micrometer: strata.routing.connections = %.0f", registry.find("strata.routing.connections").counters()
          .stream().mapToDouble(c -> c.count()).sum());
      indexer.close();
      out.line("");
      out.line("Done. The benchmark harness is examples/bench (--quick for a 1-minute run).");
      return new Outcome(seenAtOnce, found, other.size(), ownDuringLag, nothingLost, servedWithRedisDown);
    }
  }

  private static HikariDataSource pool(TestDatabase db, String url, String name) {
    return StrataPools.create(PoolSettings.builder().jdbcUrl(url).username(db.user()).password(db.password())
        .poolName(name).build());
  }

  private <T> T timed(String what, Supplier<T> call) {
    long t0 = System.nanoTime();
    T value = call.get();
    out.line("%-46s %8.0f µs", what, (System.nanoTime() - t0) / 1_000.0);
    return value;
  }

  private static void awaitLocalInvalidation(TieredCache cache, CacheKey key) throws InterruptedException {
    // pub/sub delivery to the other instance takes a moment; the demo waits for it rather than racing it
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline && cache.get(key, Dashboard.class).isPresent()) {
      Thread.sleep(5);
    }
  }

  private static void drainAll(Outbox outbox, VectorIndexer indexer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (outbox.pending(VectorIndexer.TOPIC) > 0 && System.nanoTime() < deadline) {
      if (indexer.drainOnce() == 0) {
        Thread.sleep(200); // deferred jobs become due after their backoff
      }
    }
  }

  private static long insertDraft(Connection c, long venture, String title, String body) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO content_drafts (venture_id, title, body) VALUES (?, ?, ?) RETURNING id")) {
      ps.setLong(1, venture);
      ps.setString(2, title);
      ps.setString(3, body);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long drafts(Dashboard d, long venture) {
    return d.ventures().stream().filter(v -> v.venture().id() == venture).mapToLong(v -> v.recentDrafts().size()).sum();
  }

  private static boolean hasDraft(Dashboard d, long draftId) {
    return d.ventures().stream().flatMap(v -> v.recentDrafts().stream()).anyMatch(x -> x.id() == draftId);
  }

  private static long firstUserWithVentures(javax.sql.DataSource ds, int n) throws SQLException {
    return scalar(ds, "SELECT user_id FROM ventures WHERE is_active GROUP BY user_id HAVING count(*) >= " + n + " ORDER BY user_id LIMIT 1");
  }

  private static long firstVentureOf(javax.sql.DataSource ds, long user) throws SQLException {
    return scalar(ds, "SELECT min(id) FROM ventures WHERE is_active AND user_id = " + user);
  }

  private static long firstVentureNotOf(javax.sql.DataSource ds, long user) throws SQLException {
    return scalar(ds, "SELECT min(id) FROM ventures WHERE user_id <> " + user);
  }

  private static long scalar(javax.sql.DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long ms(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  /** Numbered narrative on standard output. */
  private static final class Step {
    private int n;

    void title(String t) {
      System.out.println();
      System.out.println(t);
      System.out.println("=".repeat(t.length()));
    }

    void step(String format, Object... args) {
      System.out.println();
      System.out.println(++n + ". " + String.format(format, args));
    }

    void line(String format, Object... args) {
      System.out.println("   " + String.format(format, args));
    }
  }
}
