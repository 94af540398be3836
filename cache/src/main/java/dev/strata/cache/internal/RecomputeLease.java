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
 * <p>Taking the lease also reads the value (one script, hence the lease key in the value's hash slot):
 * a recomputation that landed between a caller's read and its lease is seen, and not repeated. Lease
 * keys: {@code ns:{group}:lease:<generation>:name} for a grouped key (no grouped value key has a
 * non-numeric generation), {@code {ns:name}:lease} for an ungrouped one (no value key starts with a
 * brace; a name with its own hash tag {@code t} gives {@code {t}:lease:ns:name}, and a name with a
 * closing brace but no tag gets no lease). The lease holds this
 * instance's token and is deleted only by its holder (compare-and-delete), when the load ends.
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

  RecomputeLease(KeyScheme keys, RedisTier redis, long leaseMs) {
    this.keys = keys;
    this.redis = redis;
    this.leaseMs = leaseMs;
  }

  /** The leases of a cache, or null when they are disabled (zero length) or there is no Redis. */
  static RecomputeLease create(CacheSettings s, KeyScheme keys, RedisTier redis) {
    long ms = s.recomputeLease().toMillis();
    return ms <= 0 || redis == null ? null : new RecomputeLease(keys, redis, ms);
  }

  /** The value key a lease guards. */
  String valueKey(CacheKey key, long generation) {
    return key.grouped() ? keys.grouped(key.group(), generation, key.name()) : keys.plain(key.name());
  }

  /**
   * The lease key: in the value key's hash slot, and never a value key (those start with the
   * namespace). Null for an ungrouped name with a '}' but no hash tag of its own: no braced key can
   * hash like it, so such keys are loaded without a lease.
   */
  String leaseKey(CacheKey key, long generation) {
    if (key.grouped()) {
      return keys.groupPrefix(key.group()) + "lease:" + generation + KeyScheme.groupSuffix(key.name());
    }
    String valueKey = keys.plain(key.name());
    String tag = hashTag(valueKey);
    if (tag != null) {
      return "{" + tag + "}:lease:" + valueKey;
    }
    return valueKey.indexOf('}') >= 0 ? null : "{" + valueKey + "}:lease";
  }

  /** Redis Cluster's hash tag of a key: between its first '{' and the next '}', if not empty; else null. */
  static String hashTag(String key) {
    int open = key.indexOf('{');
    int close = open < 0 ? -1 : key.indexOf('}', open + 1);
    return close > open + 1 ? key.substring(open + 1, close) : null;
  }

  /** Whether another instance recently took the early-recompute lease of {@code lk} (no Redis call). */
  boolean backingOff(Object lk) {
    return lost.getIfPresent(lk) != null;
  }

  /**
   * Early recomputation of the value that expires at {@code expireAtMs}: true when this caller may
   * recompute now (it took the lease and the value is still that one, or Redis failed); false when
   * another instance holds the lease or has just replaced the value, and the caller should serve the
   * current value.
   */
  boolean tryEarly(CacheKey key, long generation, long expireAtMs) {
    Object lk = LocalTier.keyOf(key);
    if (backingOff(lk)) {
      return false;
    }
    RedisTier.Lease l = take(lk, key, generation);
    if (!l.taken()) {
      lost.put(lk, Boolean.TRUE);
      return false;
    }
    if (l.value() != null && Envelope.expireAtOf(l.value()) != expireAtMs) {
      release(lk); // recomputed by another instance since our read: nothing to do
      return false;
    }
    return true;
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
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMs);
    while (true) {
      RedisTier.Lease l = take(lk, key, generation);
      if (l.taken()) {
        if (l.value() == null) {
          return orElse; // ours to load
        }
        release(lk); // the value landed since our read: take it
        R r = poll.get();
        return r != null ? r : orElse;
      }
      if (System.nanoTime() - deadline >= 0) {
        return orElse;
      }
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

  private RedisTier.Lease take(Object lk, CacheKey key, long generation) {
    String leaseKey = leaseKey(key, generation);
    RedisTier.Lease l;
    if (leaseKey == null) {
      return new RedisTier.Lease(true, null); // no lease possible: load as without leases
    }
    try {
      l = redis.takeLease(leaseKey, valueKey(key, generation), token, leaseMs);
    } catch (RedisTier.Unavailable e) {
      return new RedisTier.Lease(true, null); // nothing to coordinate on: load as without leases
    }
    if (l.taken()) {
      held.put(lk, leaseKey);
    }
    return l;
  }
}
