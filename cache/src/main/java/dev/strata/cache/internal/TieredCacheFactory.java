package dev.strata.cache.internal;

import dev.strata.cache.CacheException;
import dev.strata.cache.TieredCache;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the cache that {@link CacheSettings} describe ({@code TieredCacheBuilder.build()} calls it):
 * the tiers, the Redis circuit, coherence, the invalidation queue and recompute leases, the first
 * contact with Redis and the maintenance thread.
 */
public final class TieredCacheFactory {

  private static final Logger log = LoggerFactory.getLogger(TieredCacheFactory.class);

  private TieredCacheFactory() {}

  /**
   * A started cache. Redis unreachable at start is not an error (the circuit starts open); Redis
   * refusing the credentials is.
   *
   * @throws CacheException if Redis refuses the cache's credentials
   */
  public static TieredCache create(CacheSettings settings) {
    Stats stats = new Stats(settings.name(), settings.listener());
    Fences fences = new Fences();
    L1 l1 = settings.hasL1() ? new LocalTier(settings, stats) : new NoLocalTier();
    L2 l2 = settings.hasL2() ? redis(settings, stats, l1, fences) : new NoL2(stats);
    return new DefaultTieredCache(settings, stats, l1, l2, fences);
  }

  private static RedisL2 redis(CacheSettings s, Stats stats, L1 l1, Fences fences) {
    KeyScheme keys = new KeyScheme(s.namespace());
    CircuitBreaker breaker = new CircuitBreaker(s.breakerFailures(), s.breakerOpen().toNanos(),
        new CircuitBreaker.Transitions() {
          @Override
          public void opened() {
            log.warn("[{}] Redis circuit opened after repeated failures; serving from L1 and loaders", s.name());
            stats.circuitOpened();
          }

          @Override
          public void closed() {
            log.info("[{}] Redis circuit closed: Redis answers again", s.name());
            stats.circuitClosed();
          }
        });
    RedisTier redis = new RedisTier(s, breaker, stats::l2Error);
    // an instance without L1 still publishes, so that the others' L1s stay coherent
    Coherence coherence = s.coherence() ? new Coherence(s.name(), s.namespace(), redis, l1, fences) : null;
    Invalidator invalidator = new Invalidator(s, keys, redis, coherence, l1, breaker, fences);
    RecomputeLease leases = RecomputeLease.create(s, keys, redis);
    try {
      redis.ping();
    } catch (RedisTier.Unavailable e) {
      if (RedisSecurity.isAuthFailure(e)) {
        redis.close();
        throw new CacheException("[" + s.name() + "] Redis refused the cache's credentials: "
            + RedisSecurity.authReply(e) + " (check redisCredentials or the user info of the Redis URI)", e);
      }
      log.warn("[{}] Redis unreachable at start ({}); starting with the circuit open", s.name(), e.getMessage());
      breaker.forceOpen();
    }
    if (coherence != null && l1.present()) {
      coherence.ensureSubscribed();
    }
    ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "strata-cache-" + s.name());
      t.setDaemon(true);
      return t;
    });
    long period = Math.min(1_000, Math.max(50, s.breakerOpen().toMillis() / 2));
    maintenance.scheduleWithFixedDelay(invalidator::maintain, period, period, TimeUnit.MILLISECONDS);
    maintenance.scheduleWithFixedDelay(invalidator::replayWhenBack, Invalidator.PROBE_INTERVAL_MS,
        Invalidator.PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
    return new RedisL2(s, keys, stats, l1, fences, redis, coherence, invalidator, leases, maintenance);
  }
}
