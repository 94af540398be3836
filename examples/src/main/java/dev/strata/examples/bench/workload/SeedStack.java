package dev.strata.examples.bench.workload;

import com.fasterxml.jackson.databind.JavaType;
import com.zaxxer.hikari.HikariDataSource;
import dev.strata.venture.VentureKeys;
import dev.strata.core.StrataJdbi;
import dev.strata.core.content.ContentCreated;
import dev.strata.core.content.NewContent;
import dev.strata.core.context.ContextQueries;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.dashboard.DashboardLoader;
import dev.strata.core.dashboard.DashboardQueries;
import dev.strata.core.domain.Notification;
import dev.strata.core.finance.FinancialQueries;
import dev.strata.core.finance.MonthlyFinancials;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.vector.EmbeddingProviders;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qdrant.client.QdrantClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;

/**
 * The seed's two stacks. The <b>baseline</b> ("current state"): the N+1 dashboard, every read on the
 * primary, no cache, one Qdrant collection per venture, every embedding computed. The <b>plan as
 * written</b>: the same primary-only reads, but the one-statement (CTE) dashboard and the seed's
 * {@link SeedCacheService} in front of the dashboard (under {@code user:{id}:ventures}), the venture
 * context and the monthly statistics, with its {@code KEYS}-based invalidation after each write,
 * and its embedding cache keyed by the raw text. Notifications are not cached (the seed's key scheme
 * has no key for them). Both write content through the seed's cascading write
 * ({@link SeedContentWrite}: draft, calendar event, notification, asset usage, one INSERT after
 * another in one transaction), then embed the body and upsert it into the venture's collection in the
 * request.
 */
final class SeedStack implements WorkloadStack {

  static final Duration EMBEDDING_TTL = Duration.ofHours(24);

  private final String name;
  private final boolean plan;
  private final boolean invalidate;
  private final WorkloadData data;
  private final HikariDataSource pool;
  private final CountingDataSource primary;
  private final DashboardLoader dashboards;
  private final ContextQueries context;
  private final FinancialQueries finance;
  private final SeedContentWrite content;
  private final CountingEmbeddings embeddings = new CountingEmbeddings(EmbeddingProviders.localHashing(Workload.DIMENSION));
  private final QdrantClient qdrant;
  private final SeedVectors vectors;
  private final RedisClient redisClient;
  private final StatefulRedisConnection<String, String> redis;
  private final SeedCacheService cache;
  private final String keyPrefix;

  /**
   * @param plan       the plan as written (cache, CTE dashboard) rather than the baseline
   * @param invalidate whether writes invalidate the cache (false only to force stale reads in tests)
   * @param ns         prefix of this stack's Redis keys and Qdrant collections
   */
  SeedStack(ServiceEndpoints ep, WorkloadData data, boolean plan, boolean invalidate, String ns) {
    this.name = plan ? "seed_plan" : "seed_baseline";
    this.plan = plan;
    this.invalidate = invalidate;
    this.data = data;
    this.pool = StrataPools.create(PoolSettings.builder().jdbcUrl(ep.primaryJdbcUrl()).username(ep.dbUser())
        .password(ep.dbPassword()).poolName("wl-" + name + "-primary").connectionTimeout(Workload.POOL_WAIT).build());
    this.primary = new CountingDataSource(pool);
    Jdbi jdbi = StrataJdbi.create(primary.dataSource());
    this.dashboards = plan ? DashboardQueries.oneRoundTrip(jdbi) : DashboardQueries.naive(jdbi);
    this.context = ContextQueries.of(jdbi);
    this.finance = FinancialQueries.of(jdbi);
    this.content = new SeedContentWrite(jdbi);
    this.qdrant = ep.newQdrantClient();
    this.vectors = new SeedVectors(qdrant, ns + "_", Workload.DIMENSION);
    this.keyPrefix = ns + ":";
    if (plan) {
      // database 2: the seed's KEYS walk the seed's keys only, not Strata's (database 0)
      this.redisClient = RedisClient.create(ep.redisUri() + "/2");
      this.redis = redisClient.connect();
      this.cache = new SeedCacheService(redis.sync(), keyPrefix);
    } else {
      this.redisClient = null;
      this.redis = null;
      this.cache = null;
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Dashboard dashboard(long userId) throws Exception {
    return cached("user:" + userId + ":ventures", Dashboard.class, VentureKeys.USER_VENTURES_TTL,
        () -> dashboards.load(userId, data.monthStart(), data.now()));
  }

  @Override
  public ContextPage ventureContext(long userId, long ventureId) throws Exception {
    return cached("venture:" + ventureId + ":context", ContextPage.class, VentureKeys.VENTURE_CONTEXT_TTL,
        () -> new ContextPage(ventureId, context.sharedAssets(ventureId, null, Workload.PAGE).items(),
            context.calendarEvents(ventureId, null, Workload.PAGE).items()));
  }

  @Override
  public List<MonthlyFinancials> monthlyFinancials(long userId, long ventureId) throws Exception {
    Callable<List<MonthlyFinancials>> load = () -> finance.monthlyLive(ventureId, data.month().minusMonths(11), data.month());
    if (!plan) {
      return load.call();
    }
    return cache.getOrSet("venture:" + ventureId + ":stats:" + data.monthStart(), cache.listOf(MonthlyFinancials.class),
        VentureKeys.FINANCIAL_STATS_TTL, load);
  }

  @Override
  public List<Notification> notifications(long userId) throws Exception {
    return context.unreadNotifications(userId, null, Workload.PAGE).items();
  }

  @Override
  public ContentCreated createContent(long userId, NewContent c) throws Exception {
    ContentCreated created = content.create(c);
    vectors.upsert(c.ventureId(), created.draftId(), embed(c.body()));
    if (plan && invalidate) {
      cache.invalidateVentureData(c.ventureId());
    }
    return created;
  }

  @Override
  public int search(long userId, long ventureId, String query) throws Exception {
    return vectors.search(ventureId, embed(query), 5);
  }

  private float[] embed(String text) throws Exception {
    if (!plan) {
      return embeddings.embed(text);
    }
    String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    return cache.embedding(key, EMBEDDING_TTL, () -> embeddings.embed(text));
  }

  private <T> T cached(String key, Class<T> type, Duration ttl, Callable<T> load) throws Exception {
    if (!plan) {
      return load.call();
    }
    JavaType t = cache.type(type);
    return cache.getOrSet(key, t, ttl, load);
  }

  @Override
  public StackCounters counters() {
    long hits = plan ? cache.hits() : 0;
    long lookups = plan ? cache.lookups() : 0;
    return new StackCounters(primary.statements(), 0, primary.readPageStatements(), primary.peakActive(), 0, 0, hits, lookups, vectors.searches(),
        embeddings.texts());
  }

  @Override
  public void resetCounters() {
    primary.reset();
    embeddings.reset();
    vectors.reset();
    if (plan) {
      cache.reset();
    }
  }

  @Override
  public List<HikariDataSource> pools() {
    return List.of(pool);
  }

  /** Drops the seed's Redis keys. */
  @Override
  public void cleanUp() throws Exception {
    if (plan) {
      SeedCacheService.deleteKeys(redis.sync(), keyPrefix);
    }
  }

  @Override
  public void close() {
    if (redis != null) {
      redis.close();
      redisClient.shutdown();
    }
    qdrant.close();
    pool.close();
  }
}
