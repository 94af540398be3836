package dev.strata.spring.boot.cache;

import dev.strata.cache.TieredCache;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} over one {@link TieredCache} (one namespace): each Spring cache name
 * is a group of that cache, with a TTL of its own. The TieredCache must have been built with a
 * {@link SpringValueCodec} (the auto-configured one is).
 */
public final class StrataCacheManager implements CacheManager {

  private final TieredCache cache;
  private final Map<String, Duration> ttls;
  private final Duration defaultTtl;
  private final boolean dynamic;
  private final boolean transactionAware;
  private final ConcurrentHashMap<String, StrataSpringCache> caches = new ConcurrentHashMap<>();

  /**
   * @param cache            the TieredCache all Spring caches share
   * @param ttls             TTL per configured cache name
   * @param defaultTtl       TTL of caches created on first use
   * @param dynamic          whether names not in {@code ttls} are created on first use (else {@link #getCache} returns null for them)
   * @param transactionAware whether puts and evictions inside a Spring transaction wait for its commit
   */
  public StrataCacheManager(TieredCache cache, Map<String, Duration> ttls, Duration defaultTtl, boolean dynamic,
      boolean transactionAware) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.ttls = Map.copyOf(Objects.requireNonNull(ttls, "ttls"));
    this.defaultTtl = Objects.requireNonNull(defaultTtl, "defaultTtl");
    this.dynamic = dynamic;
    this.transactionAware = transactionAware;
    this.ttls.forEach((name, ttl) -> caches.put(name, new StrataSpringCache(name, cache, ttl, transactionAware)));
  }

  @Override
  public Cache getCache(String name) {
    Objects.requireNonNull(name, "name");
    StrataSpringCache c = caches.get(name);
    if (c != null || !dynamic) {
      return c;
    }
    return caches.computeIfAbsent(name, n -> new StrataSpringCache(n, cache, defaultTtl, transactionAware));
  }

  @Override
  public Collection<String> getCacheNames() {
    return List.copyOf(caches.keySet());
  }

  @Override
  public String toString() {
    return "StrataCacheManager[" + cache + ", caches=" + caches.keySet() + "]";
  }
}
