package dev.strata.spring.boot.cache;

import dev.strata.spring.boot.internal.Secrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code strata.cache.*}: the application's {@code TieredCache} and the Spring {@code CacheManager}
 * over it. The cache is configured when {@code strata.cache.namespace} is set. Unset options keep
 * {@code TieredCacheBuilder}'s defaults.
 */
@ConfigurationProperties("strata.cache")
public class StrataCacheProperties {

  /** Name of the cache in log lines and metrics. */
  private String name = "strata";
  /** Prefix of every Redis key and of the invalidation channel; setting it turns the cache on. */
  private String namespace;
  /** Redis URI of a standalone server (may hold a password; it is never logged). Unset, with no cluster: L1 only. */
  private String redis;
  /** Redis Cluster node URIs, instead of {@code redis}. */
  private List<String> redisCluster = new ArrayList<>();
  /** Whether the in-process tier (L1) is used; false needs Redis. */
  private boolean l1Enabled = true;
  /** Bound of L1, in entries. */
  private Long l1MaximumSize;
  /** Longest life of an L1 copy, whatever the entry's TTL; also the staleness bound while Redis is unreachable. */
  private Duration l1MaxTtl;
  /** A Redis call slower than this counts as failed and the caller falls through. */
  private Duration commandTimeout;
  /** How long a null from a loader is cached; 0 disables negative caching. */
  private Duration negativeTtl;
  /** Each TTL is shortened by a random fraction up to this (0 to 1). */
  private Double ttlJitter;
  /** Whether invalidations are published to, and applied from, the other instances. */
  private Boolean coherence;
  /** The Spring CacheManager over the TieredCache. */
  private final Spring spring = new Spring();

  /** {@code strata.cache.spring.*}: the {@code CacheManager}. */
  public static class Spring {
    /** Whether a Spring CacheManager over the TieredCache is defined. */
    private boolean enabled = true;
    /** TTL of entries of caches with no TTL of their own. */
    private Duration defaultTtl = Duration.ofMinutes(10);
    /** Per cache name: its TTL. A cache name is a TieredCache group. */
    private Map<String, CacheSpec> caches = new LinkedHashMap<>();
    /** Whether cache names not listed under {@code caches} are created on first use (with the default TTL). */
    private boolean dynamic = true;
    /**
     * Packages whose classes may be stored in Redis and decoded again, besides the application's own
     * (its {@code @SpringBootApplication} package) and the JDK's value types.
     */
    private List<String> trustedPackages = new ArrayList<>();
    /** Whether puts and evictions made inside a Spring transaction wait for its commit (and are dropped on rollback). */
    private boolean transactionAware = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getDefaultTtl() {
      return defaultTtl;
    }

    public void setDefaultTtl(Duration defaultTtl) {
      this.defaultTtl = defaultTtl;
    }

    public Map<String, CacheSpec> getCaches() {
      return caches;
    }

    public void setCaches(Map<String, CacheSpec> caches) {
      this.caches = caches;
    }

    public boolean isDynamic() {
      return dynamic;
    }

    public void setDynamic(boolean dynamic) {
      this.dynamic = dynamic;
    }

    public List<String> getTrustedPackages() {
      return trustedPackages;
    }

    public void setTrustedPackages(List<String> trustedPackages) {
      this.trustedPackages = trustedPackages;
    }

    public boolean isTransactionAware() {
      return transactionAware;
    }

    public void setTransactionAware(boolean transactionAware) {
      this.transactionAware = transactionAware;
    }
  }

  /** One Spring cache's settings. */
  public static class CacheSpec {
    /** TTL of this cache's entries. */
    private Duration ttl;

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getRedis() {
    return redis;
  }

  public void setRedis(String redis) {
    this.redis = redis;
  }

  public List<String> getRedisCluster() {
    return redisCluster;
  }

  public void setRedisCluster(List<String> redisCluster) {
    this.redisCluster = redisCluster;
  }

  public boolean isL1Enabled() {
    return l1Enabled;
  }

  public void setL1Enabled(boolean l1Enabled) {
    this.l1Enabled = l1Enabled;
  }

  public Long getL1MaximumSize() {
    return l1MaximumSize;
  }

  public void setL1MaximumSize(Long l1MaximumSize) {
    this.l1MaximumSize = l1MaximumSize;
  }

  public Duration getL1MaxTtl() {
    return l1MaxTtl;
  }

  public void setL1MaxTtl(Duration l1MaxTtl) {
    this.l1MaxTtl = l1MaxTtl;
  }

  public Duration getCommandTimeout() {
    return commandTimeout;
  }

  public void setCommandTimeout(Duration commandTimeout) {
    this.commandTimeout = commandTimeout;
  }

  public Duration getNegativeTtl() {
    return negativeTtl;
  }

  public void setNegativeTtl(Duration negativeTtl) {
    this.negativeTtl = negativeTtl;
  }

  public Double getTtlJitter() {
    return ttlJitter;
  }

  public void setTtlJitter(Double ttlJitter) {
    this.ttlJitter = ttlJitter;
  }

  public Boolean getCoherence() {
    return coherence;
  }

  public void setCoherence(Boolean coherence) {
    this.coherence = coherence;
  }

  public Spring getSpring() {
    return spring;
  }

  @Override
  public String toString() {
    return "StrataCacheProperties[name=" + name + ", namespace=" + namespace + ", redis=" + Secrets.maskUri(redis)
        + ", redisCluster=" + redisCluster.stream().map(Secrets::maskUri).toList() + "]";
  }
}
