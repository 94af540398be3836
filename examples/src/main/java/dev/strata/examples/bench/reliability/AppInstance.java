package dev.strata.examples.bench.reliability;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.cache.CacheListener;
import dev.strata.cache.CacheTier;
import dev.strata.cache.TieredCache;
import dev.strata.cache.TieredCacheBuilder;
import dev.strata.core.content.ContentWorkflow;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.TestDatabase;
import dev.strata.vector.EmbeddingCache;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.EmbeddingProviders;
import dev.strata.vector.QdrantOptions;
import dev.strata.vector.VectorIndexer;
import dev.strata.vector.VectorStats;
import dev.strata.vector.VectorStores;
import dev.strata.vector.VentureVectors;
import dev.strata.venture.VentureReads;
import dev.strata.venture.VentureWrites;
import io.qdrant.client.QdrantClient;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * One application instance as a host would build it, with Strata's defaults except where noted: its
 * own pools on the primary and the replica, its own router, its own {@link TieredCache} (with L1) on
 * the shared Redis, {@link VentureWrites} / {@link VentureReads}, a {@link VentureVectors} on the
 * shared Qdrant and a background {@link VectorIndexer} draining the shared outbox.
 *
 * <p>Changed from the defaults, for a bounded test: the pools' connection timeout (2 s instead of
 * HikariCP's 30 s), the router's check interval (100 ms), the outbox's retry backoff (200 ms to 2 s
 * instead of 1 s to 5 min) and the indexer's lease (10 s instead of 2 min), so that work held back by
 * a fault is retried within the run.
 */
final class AppInstance implements AutoCloseable {

  static final int DIMENSION = 64;
  static final String COLLECTION = ContentWorkflow.DEFAULT_COLLECTION;

  final String name;
  /** What the cache did for the current thread's last read (for reports of stale reads). */
  final TierTrace trace = new TierTrace();
  final HikariDataSource primaryPool;
  final HikariDataSource replicaPool;
  final RoutingDataSource router;
  final TieredCache cache;
  final VentureWrites writes;
  final VentureReads reads;
  final QdrantClient qdrant;
  final VentureVectors vectors;
  final EmbeddingProvider embeddings;
  final Outbox outbox;
  final VectorIndexer indexer;

  AppInstance(String name, TestDatabase db, UnaryOperator<TieredCacheBuilder> redis, QdrantServer qdrantServer) {
    this.name = name;
    this.primaryPool = pool(db.jdbcUrl(), db, name + "-primary");
    this.replicaPool = pool(db.replicaJdbcUrl(), db, name + "-replica");
    this.router = RoutingDataSource.create(RoutingConfig.builder().name(name).primary(primaryPool)
        .replica("replica-1", replicaPool).checkInterval(Duration.ofMillis(100)).build());
    router.checkNow();
    this.cache = redis.apply(TieredCache.builder().name(name)).listener(trace).build();
    this.writes = VentureWrites.create(router, cache);
    this.reads = VentureReads.builder(cache, router).build();
    this.qdrant = qdrantServer.newClient();
    VectorStats stats = VectorStats.create();
    this.vectors = VentureVectors.builder(VectorStores.qdrant(qdrant, QdrantOptions.defaults(), stats))
        .collection(COLLECTION, DIMENSION).build();
    vectors.ensureCollections();
    this.embeddings = EmbeddingProviders.deduplicating(EmbeddingProviders.localHashing(DIMENSION),
        EmbeddingCache.tiered(cache), stats);
    this.outbox = Outbox.builder(router).initialBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(2)).build();
    this.indexer = VectorIndexer.builder(outbox, vectors, embeddings).pollInterval(Duration.ofMillis(100))
        .lease(Duration.ofSeconds(10)).build();
    indexer.start();
  }

  /** Records, per thread, the tiers a read went through: "L1 hit", "L1 miss, L2 miss, load", ... */
  static final class TierTrace implements CacheListener {
    private final ThreadLocal<StringBuilder> events = ThreadLocal.withInitial(StringBuilder::new);

    /** Starts a new read on this thread. */
    void reset() {
      events.get().setLength(0);
    }

    /** What this thread's read went through since {@link #reset()}. */
    String describe() {
      return events.get().length() == 0 ? "nothing recorded" : events.get().toString();
    }

    private void add(String e) {
      StringBuilder b = events.get();
      if (b.length() < 200) {
        b.append(b.length() == 0 ? "" : ", ").append(e);
      }
    }

    @Override
    public void onHit(CacheTier tier) {
      add(tier + " hit");
    }

    @Override
    public void onMiss(CacheTier tier) {
      add(tier + " miss");
    }

    @Override
    public void onLoad(long nanos, boolean success) {
      add(success ? "load" : "load failed");
    }
  }

  private static HikariDataSource pool(String url, TestDatabase db, String poolName) {
    return StrataPools.create(PoolSettings.builder().jdbcUrl(url).username(db.user()).password(db.password())
        .poolName(poolName).maxPoolSize(10).connectionTimeout(Duration.ofSeconds(2)).build());
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
