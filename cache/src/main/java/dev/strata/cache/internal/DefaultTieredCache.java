package dev.strata.cache.internal;

import dev.strata.cache.CacheCodecException;
import dev.strata.cache.CacheKey;
import dev.strata.cache.CacheLoadException;
import dev.strata.cache.CacheLoader;
import dev.strata.cache.CacheStats;
import dev.strata.cache.CacheTier;
import dev.strata.cache.FencedLoader;
import dev.strata.cache.TieredCache;
import dev.strata.cache.ValueType;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TieredCache} implementation: {@link LocalTier} (L1), {@link RedisTier} (L2) holding
 * {@link Envelope}s, {@link Invalidator} and {@link Coherence} between instances. A load writes to
 * Redis under the group generation it read, so a value loaded before a group invalidation lands in
 * the dead generation.
 */
final class DefaultTieredCache implements TieredCache {

  private static final Logger log = LoggerFactory.getLogger(DefaultTieredCache.class);
  private static final Object ABSENT = LocalTier.ABSENT;

  private final CacheSettings s;
  private final Stats stats;
  private final L1 l1;
  private final L2 l2;
  private final SingleFlight flights;
  private final Fences fences;
  private volatile boolean closed;
  /** Test seam: runs between a write's first local drop and its Redis call; null outside tests. */
  volatile Runnable afterLocalDrop;

  /** Made by {@link TieredCacheFactory}. */
  DefaultTieredCache(CacheSettings settings, Stats stats, L1 l1, L2 l2, Fences fences) {
    this.s = settings;
    this.stats = stats;
    this.l1 = l1;
    this.l2 = l2;
    this.fences = fences;
    this.flights = new SingleFlight(l1, l2);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public <T> T getOrSet(CacheKey key, ValueType<T> type, Duration ttl, CacheLoader<? extends T> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    checkLoad(ttl, loader);
    return lookup(LocalTier.keyOf(key), key, key.group(), type.rawClass(), type, ttl, loader, null);
  }

  @Override
  public <T> T getOrSet(CacheKey key, ValueType<T> type, Duration ttl, FencedLoader<? extends T> loader) {
    checkFenced(key, type, ttl, loader);
    return lookup(key, key, key.group(), type.rawClass(), type, ttl, null, loader);
  }

  @Override
  public <T> T getOrSet(CacheKey key, Class<T> type, Duration ttl, FencedLoader<? extends T> loader) {
    checkFenced(key, type, ttl, loader);
    return lookup(key, key, key.group(), type, null, ttl, null, loader);
  }

  private static void checkFenced(CacheKey key, Object type, Duration ttl, FencedLoader<?> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Checks.ttl(ttl, "ttl");
    Objects.requireNonNull(loader, "loader");
    if (!key.grouped()) {
      throw new IllegalArgumentException("key must be grouped for a FencedLoader (fences are kept per group), was: '"
          + key + "'");
    }
  }

  @Override
  public <T> T getOrSet(CacheKey key, Class<T> type, Duration ttl, CacheLoader<? extends T> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    checkLoad(ttl, loader);
    return lookup(LocalTier.keyOf(key), key, key.group(), type, null, ttl, loader, null);
  }

  @Override
  public <T> T getOrSet(String key, Class<T> type, Duration ttl, CacheLoader<? extends T> loader) {
    Checks.key(key, "key");
    Objects.requireNonNull(type, "type");
    checkLoad(ttl, loader);
    // the hit path needs neither a CacheKey nor a ValueType: both are made on a miss only
    return lookup(key, null, null, type, null, ttl, loader, null);
  }

  private static void checkLoad(Duration ttl, CacheLoader<?> loader) {
    Checks.ttl(ttl, "ttl");
    Objects.requireNonNull(loader, "loader");
  }

  /**
   * L1, then (single flight) Redis, then the loader.
   *
   * @param key  the key, or null for an ungrouped key given as the String {@code lk}
   * @param type the value type, or null to derive it from {@code raw}
   * @param loader the loader, or null when {@code fenced} is given
   * @param fenced the fenced loader of a grouped key, or null
   */
  @SuppressWarnings("unchecked")
  private <T> T lookup(Object lk, CacheKey key, String group, Class<?> raw, ValueType<T> type, Duration ttl,
      CacheLoader<? extends T> loader, FencedLoader<? extends T> fenced) {
    LocalTier.Entry early = null;
    LocalTier.Entry entry = l1.usable(lk, group, raw);
    if (entry != null) {
      if (!entry.timed || !XFetch.dueNow(entry.expireAtMs, entry.deltaMs, entry.drawFromMs, s.earlyRecomputeBeta())
          || l2.backingOff(lk)) {
        stats.hit(CacheTier.L1);
        return cast(entry.value);
      }
      early = entry; // counted as an early recomputation only if Redis has no newer value either
    }
    CacheKey k = key != null ? key : CacheKey.of((String) lk);
    ValueType<T> t = type != null ? type : (ValueType<T>) ValueType.of(raw);
    Flight flight = new Flight(Flight.Ticket.of(l1, lk, group));
    Flight running = flights.claim(lk, k, flight, early != null);
    if (running != null) {
      if (early != null) {
        stats.hit(CacheTier.L1);
        return cast(early.value); // someone is already recomputing it: keep serving the current value
      }
      return cast(running.await());
    }
    try {
      Object v = fetch(k, lk, t, ttl, loader, fenced, early, flight);
      flight.complete(v);
      return cast(v);
    } catch (RuntimeException | Error e) {
      flight.completeExceptionally(e);
      throw e;
    } finally {
      l2.releaseLease(lk); // before the flight ends, so that this process's next flight can take it
      flights.end(lk, flight);
    }
  }

  @Override
  public <T> Optional<T> get(CacheKey key, ValueType<T> type) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Object lk = LocalTier.keyOf(key);
    LocalTier.Entry entry = l1.usable(lk, key.group(), type.rawClass());
    if (entry != null) {
      stats.hit(CacheTier.L1);
      return Optional.ofNullable(cast(entry.value));
    }
    long seq = seq(lk);
    L2.Read r = l2.read(key, type, null, false, false);
    if (r.envelope() == null) {
      return Optional.empty();
    }
    fill(lk, r.value(), r.generation(), r.envelope(), seq);
    return Optional.ofNullable(cast(r.value()));
  }

  private Object fetch(CacheKey key, Object lk, ValueType<?> type, Duration ttl, CacheLoader<?> loader,
      FencedLoader<?> fenced, LocalTier.Entry early, Flight flight) {
    Flight.Ticket ticket = flight.ticket;
    L2.Read r = l2.read(key, type, early, true, fenced != null);
    long generation = r.generation();
    flight.generationRead = generation;
    long fence = r.fence();
    if (r.envelope() == null) { // another instance may be loading it: wait for its value
      r = l2.awaitHolder(key, type, r);
    }
    if (r.envelope() != null) {
      fill(lk, r.value(), r.generation(), r.envelope(), ticket.seq());
      return r.value() == ABSENT ? null : r.value();
    }
    if (fenced != null && generation < 0) {
      // Redis not read: the highest fence this instance knows, read after the load's ticket so that it
      // covers every invalidation up to the generation the value will be stored under
      fence = fences.of(key.group());
    }
    long t0 = System.nanoTime();
    Object value;
    try {
      value = fenced != null ? fenced.load(fence) : loader.load();
    } catch (RuntimeException | Error e) {
      stats.load(System.nanoTime() - t0, false);
      throw e;
    } catch (Exception e) {
      stats.load(System.nanoTime() - t0, false);
      throw new CacheLoadException(key.toString(), e);
    }
    long took = System.nanoTime() - t0;
    stats.load(took, true);
    if (value != null && !type.rawClass().isInstance(value)) {
      throw new ClassCastException("loader of cache key '" + key + "' returned a " + value.getClass().getName()
          + ", not the declared " + type);
    }
    storeLoaded(key, lk, type, value, ttl, generation, took, ticket);
    return value;
  }

  // ---------------------------------------------------------------- writes

  @Override
  public <T> void put(CacheKey key, ValueType<T> type, T value, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    Checks.ttl(ttl, "ttl");
    if (!type.rawClass().isInstance(value)) {
      throw new IllegalArgumentException("value must be a " + type + ", was a " + value.getClass().getName());
    }
    Prepared p = prepare(key, type, value, ttl, 0, true); // a value too large fails here, before any side effect
    Object lk = LocalTier.keyOf(key);
    beginWrite(lk);
    long generation = p.bytes() == null ? -1 : l2.write(key, p.bytes(), p.ttlMs());
    long seq = endWrite(lk);
    fillL1(lk, value, key.grouped() && generation < 0 ? l1.knownGeneration(key.group()) : generation, p, seq);
  }

  /**
   * Stores what a load returned. {@code generation} is the group generation Redis gave when the load
   * began (-1: ungrouped, or unknown because Redis failed).
   */
  private void storeLoaded(CacheKey key, Object lk, ValueType<?> type, Object value, Duration ttl, long generation,
      long loadNanos, Flight.Ticket ticket) {
    if (seq(lk) != ticket.seq()) {
      // invalidated (or written) since the load began: the value may predate that, so neither tier gets
      // it (L1 would refuse it anyway); this also keeps a stale flight from overwriting a newer one's
      return;
    }
    Prepared p = prepare(key, type, value, ttl, loadNanos, false);
    if (p == null) {
      return;
    }
    if (p.bytes() != null) {
      l2.store(key, generation, p.bytes(), p.ttlMs());
    }
    // the generation the load began under, never one read after it: a group invalidation during the
    // load must leave this value unservable
    fillL1(lk, value == null ? ABSENT : value, key.grouped() && generation < 0 ? ticket.generation() : generation,
        p, ticket.seq());
  }

  /** A value ready for the tiers: its Redis bytes (null: not for Redis), TTL and logical expiry. */
  private record Prepared(byte[] bytes, long ttlMs, long expireAt, int deltaMs) {}

  /** Encodes a value for both tiers; null when there is nothing to cache (an absence with negativeTtl 0). */
  private Prepared prepare(CacheKey key, ValueType<?> type, Object value, Duration ttl, long loadNanos,
      boolean explicit) {
    long ttlMs;
    if (value == null) {
      ttlMs = s.negativeTtl().toMillis();
      if (ttlMs == 0) {
        return null;
      }
    } else {
      ttlMs = jittered(ttl.toMillis());
    }
    int deltaMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(loadNanos)));
    long expireAt = System.currentTimeMillis() + ttlMs;
    byte[] bytes = !l2.present() ? null : encode(key, type, value, expireAt, deltaMs, explicit);
    return new Prepared(bytes, ttlMs, expireAt, deltaMs);
  }

  private void fillL1(Object lk, Object value, long generation, Prepared p, long seq) {
    l1.fill(lk, value, generation, p.expireAt(), p.deltaMs(),
        XFetch.drawFrom(p.expireAt(), p.deltaMs(), s.earlyRecomputeBeta()), seq);
  }

  private void fill(Object lk, Object value, long generation, Envelope env, long seq) {
    if (!closed) {
      l1.fill(lk, value, generation, env.expireAtMs(), env.deltaMs(),
          XFetch.drawFrom(env.expireAtMs(), env.deltaMs(), s.earlyRecomputeBeta()), seq);
    }
  }

  /** The stored bytes, or null (after reporting it) when the value cannot go to Redis. */
  private byte[] encode(CacheKey key, ValueType<?> type, Object value, long expireAt, int deltaMs, boolean explicit) {
    try {
      Envelope env = value == null ? Envelope.absent(expireAt, deltaMs)
          : new Envelope(false, expireAt, deltaMs, s.codec().encode(value, type));
      byte[] bytes = env.toBytes(s.compressAbove());
      if (bytes.length > s.maxValueBytes()) {
        throw new CacheCodecException("value of cache key '" + key + "' is " + bytes.length + " bytes encoded"
            + (s.compressAbove() < Integer.MAX_VALUE ? " (compressed)" : "") + ", above maxValueBytes "
            + s.maxValueBytes() + "; raise maxValueBytes, enable compressAbove, or cache a smaller value");
      }
      return bytes;
    } catch (CacheCodecException e) {
      stats.rejected(key.toString(), e.getMessage());
      if (explicit) {
        throw e;
      }
      log.warn("[{}] not caching '{}' in Redis: {}", s.name(), key, e.getMessage());
      return null;
    }
  }

  private long jittered(long ttlMs) {
    if (s.ttlJitter() == 0 || ttlMs < 2) {
      return ttlMs;
    }
    long cut = (long) (ttlMs * s.ttlJitter() * ThreadLocalRandom.current().nextDouble());
    return Math.max(1, ttlMs - cut);
  }

  /** The fill ticket of {@code lk}: it changes with every invalidation or write that concerns the key. */
  private long seq(Object lk) {
    return l1.seq(lk);
  }

  /** Before a write or delete goes to Redis: drops the local copy; fills that began before it are refused. */
  private void beginWrite(Object lk) {
    dropLocal(lk);
    Runnable seam = afterLocalDrop;
    if (seam != null) {
      seam.run();
    }
  }

  private void dropLocal(Object lk) {
    l1.invalidate(lk);
  }

  /**
   * After the write or delete completed in Redis: the same again, because a read on this instance may
   * have fetched the value Redis held just before, and an instance ignores its own messages. Returns
   * the ticket for the writer's own fill.
   */
  private long endWrite(Object lk) {
    dropLocal(lk);
    return seq(lk);
  }

  // ---------------------------------------------------------------- invalidation

  @Override
  public void invalidate(CacheKey key) {
    Objects.requireNonNull(key, "key");
    Object lk = LocalTier.keyOf(key);
    beginWrite(lk);
    l2.invalidateKey(key.group(), key.name());
    endWrite(lk);
  }

  @Override
  public void invalidateGroup(String group) {
    Checks.group(group);
    bumpGroup(group, l2.invalidateGroup(group, 0));
  }

  @Override
  public void invalidateGroup(String group, long fence) {
    Checks.group(group);
    fences.note(group, fence); // before the generation moves: a load under the new one must see this fence
    bumpGroup(group, l2.invalidateGroup(group, fence));
  }

  private void bumpGroup(String group, boolean inRedis) {
    l1.groupInvalidated(group, inRedis);
  }

  @Override
  public long invalidateMatching(String pattern) {
    Checks.notBlank(pattern, "pattern");
    dropMatching(pattern);
    long deleted = l2.invalidateMatching(pattern);
    dropMatching(pattern); // again after the UNLINKs, for reads that fetched a key just before them (see endWrite)
    return deleted;
  }

  private void dropMatching(String pattern) {
    l1.dropMatching(pattern);
  }

  @Override
  public void clearLocal() {
    l1.clear();
  }

  @Override
  public CacheStats stats() {
    return stats.snapshot();
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object v) {
    return v == ABSENT ? null : (T) v;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    l2.close();
    l1.clear();
  }

  @Override
  public String toString() {
    return "TieredCache[" + s.name() + ", namespace " + s.namespace() + (l1.present() ? ", L1 " + s.l1Size() : "")
        + l2.describe() + "]";
  }
}
