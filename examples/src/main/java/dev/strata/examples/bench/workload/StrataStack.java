package dev.strata.examples.bench.workload;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.cache.CacheStats;
import dev.strata.cache.TieredCache;
import dev.strata.core.content.ContentCreated;
import dev.strata.core.content.ContentWorkflow;
import dev.strata.core.content.NewContent;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.domain.Notification;
import dev.strata.core.finance.MonthlyFinancials;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.vector.EmbeddingCache;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.EmbeddingProviders;
import dev.strata.vector.QdrantOptions;
import dev.strata.vector.SearchRequest;
import dev.strata.vector.VectorIndexer;
import dev.strata.vector.VectorStats;
import dev.strata.vector.VectorStores;
import dev.strata.vector.VentureVectors;
import dev.strata.venture.VentureContext;
import dev.strata.venture.VentureReads;
import dev.strata.venture.VentureWrites;
import io.qdrant.client.QdrantClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Strata's stack, built on the venture module ({@code strata-venture}) over Strata's router and cache:
 * <ul>
 *   <li>{@link #dashboard}, {@link #ventureContext}, {@link #monthlyFinancials}, {@link #notifications}:
 *       {@link VentureReads#dashboard}, {@link VentureReads#context} (the workload's context page is its
 *       first page of shared assets and of events), {@link VentureReads#monthlyStats} and
 *       {@link VentureReads#unreadNotifications}, with the reads' clock fixed at the dataset's "now";
 *       each miss reloads on a replica that has replayed the group's fence, else on the primary;</li>
 *   <li>{@link #createContent}: {@link VentureWrites#createContent} (same clock) — one transaction through
 *       the router's primary; after the commit the venture's context and the owner's dashboard and
 *       notifications are patched with the inserted rows (a write-through fenced at the commit's WAL
 *       position; a page whose patch races another write is invalidated instead), before the call
 *       returns; the venture's financial figures and the owner's venture list stay cached;</li>
 *   <li>{@link #search}: {@code VentureVectors.search} on the shared payload-partitioned collection
 *       ({@link ContentWorkflow#DEFAULT_COLLECTION}, dropped in {@link #cleanUp}), the query embedded
 *       through the deduplicating provider backed by the same TieredCache.</li>
 * </ul>
 * Index jobs are drained by a {@link VectorIndexer} running in the background (polling every 200 ms
 * when idle); its statements count as the stack's (on the write side, see {@link CountingDataSource}).
 */
final class StrataStack implements WorkloadStack {

  private static final String COLLECTION = ContentWorkflow.DEFAULT_COLLECTION;

  private final WorkloadData data;
  private final HikariDataSource primaryPool;
  private final HikariDataSource replicaPool;
  private final CountingDataSource primary;
  private final CountingDataSource replica;
  private final RoutingDataSource router;
  private final TieredCache cache;
  private final VentureReads reads;
  private final VentureWrites writes;
  private final QdrantClient qdrant;
  private final VentureVectors vectors;
  private final VectorStats vectorStats = VectorStats.create();
  private final CountingEmbeddings model = new CountingEmbeddings(EmbeddingProviders.localHashing(Workload.DIMENSION));
  private final EmbeddingProvider embeddings;
  private final VectorIndexer indexer;
  private volatile CacheStats cacheBase;
  private volatile long searchBase;

  /** @param ns the cache namespace, unique per phase */
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
    Clock clock = Clock.fixed(data.now().toInstant(), data.now().getOffset());
    this.reads = VentureReads.builder(cache, router).clock(clock).build();
    this.writes = VentureWrites.create(router, cache, clock);
    this.qdrant = ep.newQdrantClient();
    this.vectors = VentureVectors.builder(VectorStores.qdrant(qdrant, QdrantOptions.defaults(), vectorStats))
        .collection(COLLECTION, Workload.DIMENSION).build();
    vectors.ensureCollections();
    this.embeddings = EmbeddingProviders.deduplicating(model, EmbeddingCache.tiered(cache), vectorStats);
    this.indexer = VectorIndexer.builder(Outbox.builder(router).build(), vectors, embeddings).listener(vectorStats)
        .pollInterval(Duration.ofMillis(200)).build();
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
    return reads.dashboard(userId);
  }

  @Override
  public ContextPage ventureContext(long userId, long ventureId) {
    VentureContext c = reads.context(ventureId);
    return new ContextPage(ventureId, c.assets(), c.events());
  }

  @Override
  public List<MonthlyFinancials> monthlyFinancials(long userId, long ventureId) {
    return reads.monthlyStats(ventureId, data.month().minusMonths(11), data.month());
  }

  @Override
  public List<Notification> notifications(long userId) {
    return reads.unreadNotifications(userId);
  }

  /**
   * The venture module's content creation: by the time it returns, the owner's pages and the venture's
   * context hold the write (patched, or invalidated with the commit's WAL position as their fence, so
   * the owner's next read reloads from a source that has it).
   */
  @Override
  public ContentCreated createContent(long userId, NewContent c) {
    return writes.createContent(c).value();
  }

  @Override
  public int search(long userId, long ventureId, String query) {
    return vectors.search(Long.toString(ventureId), COLLECTION, SearchRequest.of(embeddings.embed(query), 5)).size();
  }

  @Override
  public StackCounters counters() {
    CacheStats s = cache.stats();
    CacheStats b = cacheBase;
    long l1Hits = s.l1Hits() - b.l1Hits();
    long lookups = l1Hits + s.l1Misses() - b.l1Misses();
    return new StackCounters(primary.statements(), replica.statements(),
        primary.readPageStatements() + replica.readPageStatements(), primary.peakActive(), replica.peakActive(),
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

  /** Drops the shared collection, so the next phase (another dataset) starts with an empty one. */
  @Override
  public void cleanUp() throws Exception {
    indexer.close();
    qdrant.deleteCollectionAsync(COLLECTION).get();
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
