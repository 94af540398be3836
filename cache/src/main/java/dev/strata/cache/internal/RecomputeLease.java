package dev.strata.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.cache.CacheKey;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A short Redis lease ({@code SET NX PX}) that lets one instance at a time recompute a key. XFetch
 * alone decides per instance, so with N instances a hot key was recomputed N times per expiry; with
 * the lease, an instance whose draw says "recompute" does so only if it takes the lease, and otherwise
 * keeps serving the current value. On a true miss the losers poll Redis for the holder's value, up to
 * the lease's length, and then load it themselves: a crashed holder, a slow loader or Redis trouble
 * never blocks a caller for longer than that. Any Redis failure counts as "take it": without Redis
 * there is nothing to coordinate on, and the caller loads as it did before.
 *
 * <p>Lease keys live in the value's hash slot: {@code ns:{group}:lease:<generation>:name} for a grouped
 * key (no grouped value key has a non-numeric generation), {@code {ns:name}:lease} for an ungrouped
 * one (no value key starts with a brace). The lease holds this instance's token and is deleted only
 * by its holder (compare-and-delete), when the load ends.
 */
final class RecomputeLease {

  /** How often a caller that lost the lease on a miss looks for the holder's value. */
  static final long POLL_MS = 5;
  /** How long an instance that lost an early-recompute lease serves its current value without asking again. */
  static final long BACKOFF_MS = 20;

  private final KeyScheme keys;
  private final RedisTier redis;
  private final long leaseMs;
  private final byte[] token = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** Leases this instance holds, by L1 key (one load per key at a time in this process). */
  private final ConcurrentHashMap<Object, String> held = new ConcurrentHashMap<>();
  /** L1 keys whose early-recompute lease another instance holds: serve the current value meanwhile. */
  private final Cache<Object, Boolean> lost = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofMillis(BACKOFF_MS)).maximumSize(10_000).build();

  private RecomputeLease(KeyScheme keys, RedisTier redis, long leaseMs) {
    this.keys = keys;
    this.redis = redis;
    this.leaseMs = leaseMs;
  }

  /** The leases of a cache, or null when they are disabled (zero length) or there is no Redis. */
  static RecomputeLease create(CacheSettings s, KeyScheme keys, RedisTier redis) {
    long ms = s.recomputeLease().toMillis();
    return ms <= 0 || redis == null ? null : new RecomputeLease(keys, redis, ms);
  }

  String leaseKey(CacheKey key, long generation) {
    return key.grouped() ? keys.groupPrefix(key.group()) + "lease:" + generation + KeyScheme.groupSuffix(key.name())
        : "{" + keys.plain(key.name()) + "}:lease";
  }

  /** Whether another instance recently took the early-recompute lease of {@code lk} (no Redis call). */
  boolean backingOff(Object lk) {
    return lost.getIfPresent(lk) != null;
  }

  /**
   * Early recomputation: true when this caller may recompute now (it took the lease, or Redis
   * failed); false when another instance holds it, and the caller should serve the current value.
   */
  boolean tryEarly(CacheKey key, long generation) {
    Object lk = LocalTier.keyOf(key);
    if (backingOff(lk)) {
      return false;
    }
    if (acquire(lk, leaseKey(key, generation))) {
      return true;
    }
    lost.put(lk, Boolean.TRUE);
    return false;
  }

  /**
   * A miss: {@code orElse} when this caller should load (it holds or took the lease, Redis failed, or
   * the holder's value did not land within the lease); otherwise the first non-null result of
   * {@code poll}, which looks for the holder's value in Redis.
   */
  <R> R awaitHolder(CacheKey key, long generation, Supplier<R> poll, R orElse) {
    Object lk = LocalTier.keyOf(key);
    if (held.containsKey(lk)) {
      return orElse; // our own early recomputation
    }
    String leaseKey = leaseKey(key, generation);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMs);
    while (!acquire(lk, leaseKey) && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return orElse;
      }
      R r = poll.get();
      if (r != null) {
        return r;
      }
    }
    return orElse;
  }

  /** Ends this instance's lease on {@code lk}, if it holds one (after the load stored its value, or failed). */
  void release(Object lk) {
    String leaseKey = held.remove(lk);
    if (leaseKey != null) {
      try {
        redis.releaseLease(leaseKey, token);
      } catch (RedisTier.Unavailable e) {
        // it expires by itself
      }
    }
  }

  private boolean acquire(Object lk, String leaseKey) {
    boolean won;
    try {
      won = redis.setIfAbsent(leaseKey, token, leaseMs);
    } catch (RedisTier.Unavailable e) {
      return true; // nothing to coordinate on: load as without leases
    }
    if (won) {
      held.put(lk, leaseKey);
    }
    return won;
  }
}
