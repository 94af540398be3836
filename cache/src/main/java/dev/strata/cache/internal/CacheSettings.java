package dev.strata.cache.internal;

import dev.strata.cache.CacheCodec;
import dev.strata.cache.CacheListener;
import java.time.Duration;
import java.util.List;

/**
 * The validated configuration of one cache, produced by {@code TieredCacheBuilder}.
 *
 * @param redisUri     standalone Redis URI, or null
 * @param clusterUris  Redis Cluster seed URIs, empty unless cluster mode
 * @param l1Size       L1 maximum entries, 0 when L1 is disabled
 * @param l1TtlWhileUnsubscribed how long an L1 entry filled while the invalidation subscription is down is served
 * @param recomputeLease how long one instance holds the right to recompute a key; zero: no leases
 * @param redisSecurity  credentials and TLS applied to every Redis URI ({@link RedisSecurity#NONE}: the URIs' own)
 */
public record CacheSettings(String name, String namespace, long l1Size, Duration l1MaxTtl, String redisUri,
    List<String> clusterUris, Duration commandTimeout, CacheCodec codec, int maxValueBytes, int compressAbove,
    Duration negativeTtl, double ttlJitter, double earlyRecomputeBeta, boolean coherence, int breakerFailures,
    Duration breakerOpen, int pendingInvalidations, CacheListener listener, Duration l1TtlWhileUnsubscribed,
    Duration recomputeLease, RedisSecurity redisSecurity) {

  /** Whether Redis is configured. */
  public boolean hasL2() {
    return redisUri != null || !clusterUris.isEmpty();
  }

  /** Whether L1 is enabled. */
  public boolean hasL1() {
    return l1Size > 0;
  }

  /** Every setting, with the URIs' user info masked and no password. */
  @Override
  public String toString() {
    return "CacheSettings[name=" + name + ", namespace=" + namespace + ", l1Size=" + l1Size + ", l1MaxTtl=" + l1MaxTtl
        + ", redisUri=" + RedisSecurity.mask(redisUri) + ", clusterUris="
        + clusterUris.stream().map(RedisSecurity::mask).toList() + ", redisSecurity=" + redisSecurity
        + ", commandTimeout=" + commandTimeout + ", codec=" + codec + ", maxValueBytes=" + maxValueBytes
        + ", compressAbove=" + compressAbove + ", negativeTtl=" + negativeTtl + ", ttlJitter=" + ttlJitter
        + ", earlyRecomputeBeta=" + earlyRecomputeBeta + ", coherence=" + coherence + ", breakerFailures="
        + breakerFailures + ", breakerOpen=" + breakerOpen + ", pendingInvalidations=" + pendingInvalidations
        + ", listener=" + listener + ", l1TtlWhileUnsubscribed=" + l1TtlWhileUnsubscribed + ", recomputeLease="
        + recomputeLease + "]";
  }
}
