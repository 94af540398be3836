package dev.strata.examples.bench.workload;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.cache.CacheKey;
import dev.strata.cache.CacheStats;
import dev.strata.venture.VentureKeys;
import dev.strata.cache.TieredCache;
import dev.strata.cache.ValueType;
import dev.strata.core.StrataJdbi;
import dev.strata.core.content.ContentCreated;
import dev.strata.core.content.ContentWorkflow;
import dev.strata.core.content.NewContent;
import dev.strata.core.context.ContextQueries;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.dashboard.DashboardLoader;
import dev.strata.core.dashboard.DashboardQueries;
import dev.strata.core.domain.Notification;
import dev.strata.core.finance.FinancialQueries;
import dev.strata.core.finance.MonthlyFinancials;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.core.tx.ChangeSet;
import dev.strata.core.tx.Transactor;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.routing.RoutingScope;
import dev.strata.vector.EmbeddingCache;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.EmbeddingProviders;
import dev.strata.vector.QdrantOptions;
import dev.strata.vector.SearchRequest;
import dev.strata.vector.VectorIndexer;
import dev.strata.vector.VectorStats;
import dev.strata.vector.VectorStores;
import dev.strata.vector.VentureVectors;
import io.qdrant.client.QdrantClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;

/**
 * Strata's stack, with today's APIs. Every data call of the workload is in this class, so moving to
 * the venture module is a change of this file only:
 * <ul>
 *   <li>{@link #dashboard}, {@link #ventureContext}, {@link #monthlyFinancials}, {@link #notifications}:
 *       {@code TieredCache.getOrSet} over a read-your-writes session read
 *       ({@code router.session("user:" + id).readScope()}) of {@code DashboardQueries.oneRoundTrip},
 *       {@code ContextQueries}, {@code FinancialQueries.monthlyLive}; keys from {@code SeedKeyPolicy}
 *       (the dashboard and notifications in the user's group) — these become {@code VentureReads}'
 *       four cached reads, with {@code SeedKeyPolicy} renamed {@code VentureKeys};</li>
 *   <li>{@link #createContent}: {@code ContentWorkflow.create} inside the user's session write scope,
 *       with a {@code Transactor} listener that invalidates the owner's group and the venture
 *       ({@link #invalidate}) — this becomes the venture module's one-call content creation and its
 *       Transactor listener (owner-only invalidations with causal fences);</li>
 *   <li>{@link #search}: {@code VentureVectors.search} on the shared payload-partitioned collection,
 *       the query embedded through the deduplicating provider backed by the same TieredCache (it
 *       stays as it is).</li>
 * </ul>
 * Index jobs are drained by a {@link VectorIndexer} running in the background (polling every 200 ms
 * when idle); its statements count as the stack's.
 */
final class StrataStack implements WorkloadStack {

  private static final Duration DASHBOARD_TTL = Duration.ofMinutes(5);
  private static final Duration NOTIFICATIONS_TTL = Duration.ofMinutes(1);
  private static final ValueType<List<MonthlyFinancials>> FINANCIALS = new ValueType<>() {};
  private static final ValueType<List<Notification>> NOTIFICATIONS = new ValueType<>() {};

  private final WorkloadData data;
  private final HikariDataSource primaryPool;
  private final HikariDataSource replicaPool;
  private final CountingDataSource primary;
  private final CountingDataSource replica;
  private final RoutingDataSource router;
  private final TieredCache cache;
  private final DashboardLoader dashboards;
  private final ContextQueries context;
  private final FinancialQueries finance;
  private final ContentWorkflow content;
  private final QdrantClient qdrant;
  private final VentureVectors vectors;
  private final VectorStats vectorStats = VectorStats.create();
  private final CountingEmbeddings model = new CountingEmbeddings(EmbeddingProviders.localHashing(Workload.DIMENSION));
  private final EmbeddingProvider embeddings;
  private final VectorIndexer indexer;
  private final String collection;
  private volatile CacheStats cacheBase;
  private volatile long searchBase;

  /** @param ns the cache namespace and the vector collection's name, unique per phase */
  StrataStack(ServiceEndpoints ep, WorkloadData data, String ns) {
    this.data = data;
    this.primaryPool = StrataPools.create(PoolSettings.builder().jdbcUrl(ep.primaryJdbcUrl()).username(ep.dbUser())
        .password(ep.dbPassword()).poolName("wl-strata-primary").connectionTimeout(Workload.POOL_WAIT).build());
    this.replicaPool = StrataPools.create(PoolSettings.builder().jdbcUrl(ep.replicaJdbcUrl()).username(ep.dbUser())
        .password(ep.dbPassword()).poolName("wl-strata-replica").connectionTimeout(Workload.POOL_WAIT).build());
    this.primary = new CountingDataSource(primaryPool);
    this.replica = new CountingDataSource(replicaPool);
    this.router = RoutingDataSource.create(RoutingConfig.builder().name("wl-strata")
        .primary(primary.dataSource()).replica("replica-1", replica.dataSource()).build());
    this.cache = TieredCache.builder().name("wl-strata").namespace(ns).redis(ep.redisUri()).l1MaximumSize(200_000).build();
    Jdbi jdbi = StrataJdbi.create(router);
    this.dashboards = DashboardQueries.oneRoundTrip(jdbi);
    this.context = ContextQueries.of(jdbi);
    this.finance = FinancialQueries.of(jdbi);
    this.collection = ns;
    this.qdrant = ep.newQdrantClient();
    this.vectors = VentureVectors.builder(VectorStores.qdrant(qdrant, QdrantOptions.defaults(), vectorStats))
        .collection(collection, Workload.DIMENSION).build();
    vectors.ensureCollections();
    this.embeddings = EmbeddingProviders.deduplicating(model, EmbeddingCache.tiered(cache), vectorStats);
    Outbox outbox = Outbox.builder(router).build();
    this.indexer = VectorIndexer.builder(outbox, vectors, embeddings).listener(vectorStats)
        .pollInterval(Duration.ofMillis(200)).build();
    Transactor tx = Transactor.builder().afterEveryCommit(this::invalidate).build();
    this.content = ContentWorkflow.builder(jdbi, outbox).transactor(tx).collection(collection).build();
    router.checkNow();
    indexer.start();
    resetCounters();
  }

  @Override
  public String name() {
    return "strata";
  }

  @Override
  public Dashboard dashboard(long userId) {
    return cache.getOrSet(CacheKey.of(VentureKeys.userGroup(userId), "dashboard"), Dashboard.class, DASHBOARD_TTL,
        () -> read(userId, () -> dashboards.load(userId, data.monthStart(), data.now())));
  }

  @Override
  public ContextPage ventureContext(long userId, long ventureId) {
    return cache.getOrSet(VentureKeys.ventureContext(ventureId), ContextPage.class, VentureKeys.VENTURE_CONTEXT_TTL,
        () -> read(userId, () -> new ContextPage(ventureId, context.sharedAssets(ventureId, null, Workload.PAGE).items(),
            context.calendarEvents(ventureId, null, Workload.PAGE).items())));
  }

  @Override
  public List<MonthlyFinancials> monthlyFinancials(long userId, long ventureId) {
    return cache.getOrSet(VentureKeys.financialStats(ventureId, data.monthStart()), FINANCIALS,
        VentureKeys.FINANCIAL_STATS_TTL,
        () -> read(userId, () -> finance.monthlyLive(ventureId, data.month().minusMonths(11), data.month())));
  }

  @Override
  public List<Notification> notifications(long userId) {
    return cache.getOrSet(CacheKey.of(VentureKeys.userGroup(userId), "notifications"), NOTIFICATIONS, NOTIFICATIONS_TTL,
        () -> read(userId, () -> context.unreadNotifications(userId, null, Workload.PAGE).items()));
  }

  /**
   * The write goes through the user's session write scope: the session's token is advanced when the
   * workflow's connection closes, which the Transactor does before its listeners run, so by the time
   * {@link #invalidate} drops the cached pages every read of this user already waits for the write.
   */
  @Override
  public ContentCreated createContent(long userId, NewContent c) {
    try (RoutingScope write = router.session(session(userId)).writeScope()) {
      return content.create(c).value();
    }
  }

  @Override
  public int search(long userId, long ventureId, String query) {
    return vectors.search(Long.toString(ventureId), collection, SearchRequest.of(embeddings.embed(query), 5)).size();
  }

  /** After every commit: the venture's group and its owner's list, and every named user's group. */
  private void invalidate(ChangeSet changes) {
    for (Map.Entry<Long, Long> e : changes.ventureOwners().entrySet()) {
      VentureKeys.invalidateVenture(cache, e.getKey(), e.getValue(), 0);
    }
    for (long user : changes.users()) {
      cache.invalidateGroup(VentureKeys.userGroup(user));
    }
  }

  private <T> T read(long userId, Callable<T> query) throws Exception {
    try (RoutingScope read = router.session(session(userId)).readScope()) {
      return query.call();
    }
  }

  private static String session(long userId) {
    return "user:" + userId;
  }

  @Override
  public StackCounters counters() {
    CacheStats s = cache.stats();
    CacheStats b = cacheBase;
    long l1Hits = s.l1Hits() - b.l1Hits();
    long lookups = l1Hits + s.l1Misses() - b.l1Misses();
    return new StackCounters(primary.statements(), replica.statements(), primary.peakActive(), replica.peakActive(),
        l1Hits, s.l2Hits() - b.l2Hits(), lookups, vectorStats.searches() - searchBase, model.texts());
  }

  @Override
  public void resetCounters() {
    primary.reset();
    replica.reset();
    model.reset();
    cacheBase = cache.stats();
    searchBase = vectorStats.searches();
  }

  @Override
  public List<HikariDataSource> pools() {
    return List.of(primaryPool, replicaPool);
  }

  @Override
  public void close() {
    indexer.close();
    cache.close();
    qdrant.close();
    router.close();
    replicaPool.close();
    primaryPool.close();
  }
}
