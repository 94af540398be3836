package dev.strata.examples.demo;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.cache.CacheKey;
import dev.strata.cache.FencedLoader;
import dev.strata.cache.TieredCache;
import dev.strata.core.StrataJdbi;
import dev.strata.core.content.ContentCreated;
import dev.strata.core.content.ContentWorkflow;
import dev.strata.core.content.NewContent;
import dev.strata.core.context.ContextQueries;
import dev.strata.core.context.Page;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.dashboard.DashboardLoader;
import dev.strata.core.dashboard.DashboardQueries;
import dev.strata.core.domain.SharedAsset;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.tx.Committed;
import dev.strata.metrics.CacheMetrics;
import dev.strata.metrics.PoolMetrics;
import dev.strata.metrics.RoutingMetrics;
import dev.strata.metrics.VectorMetrics;
import dev.strata.routing.ConsistencyToken;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.routing.RoutingScope;
import dev.strata.routing.RoutingSession;
import dev.strata.routing.RoutingStats;
import dev.strata.vector.EmbeddingCache;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.EmbeddingProviders;
import dev.strata.vector.QdrantOptions;
import dev.strata.vector.SearchRequest;
import dev.strata.vector.VectorIndexer;
import dev.strata.vector.VectorStores;
import dev.strata.vector.VentureMatch;
import dev.strata.vector.VentureVectors;
import dev.strata.venture.VentureKeys;
import dev.strata.venture.VentureReads;
import dev.strata.venture.VentureWrites;
import io.micrometer.core.instrument.MeterRegistry;
import io.qdrant.client.QdrantClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Every data call of one demo app instance, behind the four operations its pages need. Each
 * instance has its own pools, router, two-tier cache (sharing Redis with the other instance) and
 * Micrometer registry; the database, Redis and Qdrant are shared.
 *
 * <p>Consistency: a user's dashboard is cached under the user's cache group for {@link #DASHBOARD_TTL}.
 * Content is created through strata-venture's {@code VentureWrites}, whose commit invalidates the
 * venture's and the owner's groups on every instance, fenced at the commit's WAL position, before the
 * call returns. A dashboard reload on any instance is a fenced load: its session is advanced to the
 * fence ({@code VentureReads.advanceTo}), so it reads a replica that has replayed the write, or the
 * primary, and never caches a pre-write dashboard. The write's token is also kept in Redis under the
 * owner's token key, so the user's other reads on either instance see their own write.
 */
final class DemoData implements AutoCloseable {

  /** The vector collection content is indexed into (the content workflow's default). */
  static final String CONTENT = ContentWorkflow.DEFAULT_COLLECTION;
  /** How long a dashboard is cached when no write invalidates it. */
  static final Duration DASHBOARD_TTL = Duration.ofSeconds(60);
  /** Page size of the venture context. */
  static final int CONTEXT_PAGE = 10;
  private static final Duration TOKEN_TTL = Duration.ofMinutes(10);

  /** A venture's context page: the venture, one page of its shared assets and the next page's cursor. */
  record VentureContext(long ventureId, long ownerId, String name, List<SharedAsset> assets, String nextCursor) {}

  /** What {@link #createContent} wrote, and the write's read-your-writes token. */
  record Created(long draftId, long calendarEventId, long notificationId, long indexJobId, String token) {}

  /** A search hit: the draft, its title and the similarity score. */
  record Hit(long draftId, String title, float score) {}

  /** A user the page offers to pick. */
  record UserRow(long id, String name, int ventures) {}

  /** Raised for an id that names no row; the app answers 404. */
  static final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
      super(message);
    }
  }

  /** Raised when a user acts on a venture that is not theirs; the app answers 403. */
  static final class ForbiddenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ForbiddenException(String message) {
      super(message);
    }
  }

  private final HikariDataSource primary;
  private final HikariDataSource replica;
  private final RoutingDataSource router;
  private final TieredCache cache;
  private final StatementCount readStatements = new StatementCount();
  private final Jdbi reads;
  private final Jdbi writes;
  private final DashboardLoader dashboards;
  private final ContextQueries context;
  private final VentureWrites ventureWrites;
  private final Outbox outbox;
  private final QdrantClient qdrantClient;
  private final VentureVectors vectors;
  private final EmbeddingProvider embeddings;
  private final VectorIndexer indexer;
  private final OffsetDateTime now;

  DemoData(DemoStack stack, String instance, MeterRegistry registry, EmbeddingProvider model) {
    primary = stack.pool(false, instance + "-primary");
    replica = stack.pool(true, instance + "-replica");
    PoolMetrics.bind(primary, registry);
    PoolMetrics.bind(replica, registry);
    router = RoutingDataSource.create(RoutingConfig.builder().name(instance).primary(primary)
        .replica("replica-1", replica).listener(RoutingMetrics.create(registry)).build());
    cache = TieredCache.builder().name(instance).namespace("demo").redis(stack.redisUri())
        .listener(CacheMetrics.create(registry, instance)).build();
    reads = StrataJdbi.create(readStatements.wrap(router));
    dashboards = DashboardQueries.oneRoundTrip(reads);
    context = ContextQueries.of(reads);
    outbox = Outbox.builder(router).build();
    writes = StrataJdbi.create(router); // no read scope: the primary
    ventureWrites = VentureWrites.create(router, cache); // commits invalidate, fenced, on every instance
    VectorMetrics vectorMetrics = VectorMetrics.create(registry, List.of(CONTENT));
    qdrantClient = stack.qdrant().newClient();
    vectors = VentureVectors.builder(VectorStores.qdrant(qdrantClient, QdrantOptions.defaults(), vectorMetrics))
        .collection(CONTENT, model.dimension()).build();
    vectors.ensureCollections();
    embeddings = EmbeddingProviders.deduplicating(model, EmbeddingCache.tiered(cache), vectorMetrics);
    indexer = VectorIndexer.builder(outbox, vectors, embeddings).listener(vectorMetrics)
        .pollInterval(Duration.ofMillis(200)).build();
    indexer.start();
    now = stack.dataset().baseTime();
  }

  /**
   * The user's dashboard: from L1, Redis, or one statement on the replica (the primary when the
   * replica has not replayed the user's latest write).
   *
   * @throws NotFoundException when the user does not exist
   */
  Dashboard dashboard(long userId) {
    CacheKey key = CacheKey.of(VentureKeys.userGroup(userId), "dashboard");
    return cache.getOrSet(key, Dashboard.class, DASHBOARD_TTL, (FencedLoader<Dashboard>) fence -> {
      RoutingSession session = sessionOf(userId);
      VentureReads.advanceTo(session, fence); // at least as fresh as the write that invalidated the group
      try (RoutingScope read = session.readScope()) {
        Dashboard d = dashboards.load(userId, now.toLocalDate().withDayOfMonth(1), now);
        // only an empty dashboard costs a second statement: is it a user without ventures or no user at all?
        if (d.ventures().isEmpty() && !exists("users", userId)) {
          throw new NotFoundException("userId " + userId + " names no user");
        }
        return d;
      }
    });
  }

  /**
   * One page of the venture's shared assets, newest first (keyset pagination); {@code cursor} null for the first page.
   *
   * @throws NotFoundException        when the venture does not exist
   * @throws IllegalArgumentException when the cursor is not one this listing returned for this venture
   */
  VentureContext context(long ventureId, String cursor) {
    try (RoutingScope read = router.readScope()) {
      Map<String, Object> v = venture(ventureId);
      Page<SharedAsset> page = context.sharedAssets(ventureId, cursor, CONTEXT_PAGE);
      return new VentureContext(ventureId, ((Number) v.get("user_id")).longValue(), (String) v.get("name"),
          page.items(), page.nextCursor());
    }
  }

  /**
   * Creates a draft with its calendar event, owner notification and indexing job in one transaction;
   * the commit invalidates the venture's and the owner's cache groups, fenced at its WAL position, on
   * every instance.
   *
   * @throws NotFoundException  when the venture does not exist
   * @throws ForbiddenException when the venture is not the user's
   */
  Created createContent(long userId, long ventureId, String title, String body) {
    NewContent draft = new NewContent(ventureId, title, body, now.plusDays(1), List.of());
    long owner = ((Number) venture(writes, ventureId).get("user_id")).longValue();
    if (owner != userId) {
      throw new ForbiddenException("venture " + ventureId + " is not a venture of user " + userId);
    }
    Committed<ContentCreated> r = ventureWrites.createContent(draft); // invalidates before it returns
    String token = r.token().orElse(null);
    if (token != null) {
      sessionOf(owner).advance(ConsistencyToken.parse(token));
      cache.put(tokenKey(owner), token, TOKEN_TTL); // for the other instance's next read of this user
    }
    ContentCreated c = r.value();
    return new Created(c.draftId(), c.calendarEventId(), c.notificationId(), c.indexJobId(), token);
  }

  /**
   * The venture's drafts closest in meaning to {@code text}, best first (only indexed drafts: the
   * indexer drains the outbox every 200 ms while Qdrant answers).
   *
   * @throws NotFoundException when the venture does not exist
   */
  List<Hit> search(long ventureId, String text, int limit) {
    try (RoutingScope read = router.readScope()) {
      venture(ventureId);
    }
    List<VentureMatch> matches = vectors.search(Long.toString(ventureId), CONTENT,
        SearchRequest.of(embeddings.embed(text), limit));
    List<Long> ids = matches.stream().map(m -> ((Number) m.payload().get("draft_id")).longValue()).toList();
    Map<Long, String> titles = ids.isEmpty() ? Map.of() : primaryJdbi().withHandle(h -> h.createQuery(
            "SELECT id, title FROM content_drafts WHERE id = ANY(:ids)").bind("ids", ids.toArray(new Long[0]))
        .mapToMap().list()).stream().collect(Collectors.toMap(m -> ((Number) m.get("id")).longValue(),
            m -> (String) m.get("title")));
    return matches.stream().map(m -> {
      long id = ((Number) m.payload().get("draft_id")).longValue();
      return new Hit(id, titles.getOrDefault(id, ""), m.score());
    }).toList();
  }

  /** The first {@code limit} users with at least two active ventures, for the page's picker. */
  List<UserRow> users(int limit) {
    return primaryJdbi().withHandle(h -> h.createQuery("SELECT u.id, u.name, count(*) AS n FROM users u "
            + "JOIN ventures v ON v.user_id = u.id AND v.is_active GROUP BY u.id, u.name HAVING count(*) >= 2 "
            + "ORDER BY u.id LIMIT :limit").bind("limit", limit)
        .map((rs, ctx) -> new UserRow(rs.getLong("id"), rs.getString("name"), rs.getInt("n"))).list());
  }

  /** SQL statements sent by the reads (dashboard and context) so far. */
  long readStatements() {
    return readStatements.count();
  }

  RoutingStats routing() {
    return router.stats();
  }

  dev.strata.cache.CacheStats cacheStats() {
    return cache.stats();
  }

  /** Index jobs not yet done (ready or deferred). */
  long outboxBacklog() {
    return outbox.pending(VectorIndexer.TOPIC);
  }

  /** Runs the router's health and lag check now (the background checker runs every 500 ms anyway). */
  void checkReplicas() {
    router.checkNow();
  }

  @Override
  public void close() {
    indexer.close();
    router.close();
    cache.close();
    qdrantClient.close();
    replica.close();
    primary.close();
  }

  private RoutingSession sessionOf(long userId) {
    RoutingSession session = router.session("user:" + userId);
    // another instance's write: its token is in Redis (empty when Redis is down: then the replica may lag)
    cache.get(tokenKey(userId), String.class).ifPresent(t -> session.advance(ConsistencyToken.parse(t)));
    return session;
  }

  private static CacheKey tokenKey(long userId) {
    return CacheKey.of("demo-token:user:" + userId);
  }

  private Map<String, Object> venture(long ventureId) {
    return venture(reads, ventureId);
  }

  private static Map<String, Object> venture(Jdbi jdbi, long ventureId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, user_id, name FROM ventures WHERE id = :id")
        .bind("id", ventureId).mapToMap().findOne())
        .orElseThrow(() -> new NotFoundException("ventureId " + ventureId + " names no venture"));
  }

  private boolean exists(String table, long id) {
    return reads.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE id = :id)")
        .bind("id", id).mapTo(Boolean.class).one());
  }

  private Jdbi primaryJdbi() {
    return writes;
  }
}
