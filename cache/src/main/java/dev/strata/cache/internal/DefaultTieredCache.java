package dev.strata.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.strata.cache.CacheCodecException;
import dev.strata.cache.CacheKey;
import dev.strata.cache.CacheLoadException;
import dev.strata.cache.CacheLoader;
import dev.strata.cache.CacheStats;
import dev.strata.cache.CacheTier;
import dev.strata.cache.TieredCache;
import dev.strata.cache.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TieredCache} implementation: Caffeine L1 of {@link L1Entry}s, {@link RedisTier} L2 of
 * {@link Envelope} bytes, {@link Coherence} between instances.
 *
 * <p>Group generations: each instance keeps the highest generation it has seen per group (from its
 * own INCRs, from published messages and from every grouped Redis read). An L1 entry of a group is
 * valid only while its generation is at least that, so a group invalidation drops the whole group
 * from L1 in O(1) too.
 *
 * <p>Invalidations racing a load: every invalidation (local or received) bumps {@link #invalidations};
 * a load fills L1 only if no invalidation happened since it started. In Redis, a load writes under the
 * generation it read, so a value loaded before a group invalidation lands in the dead generation.
 */
public final class DefaultTieredCache implements TieredCache {

  private static final Logger log = LoggerFactory.getLogger(DefaultTieredCache.class);
  /** L1's marker of a cached absence. */
  private static final Object ABSENT = new Object();
  /** Past this many recompute-times before expiry, XFetch's probability is below e^-20: skip the draw. */
  private static final double XFETCH_HORIZON = 20;
  private static final int SCAN_BATCH = 1_000;

  private final CacheSettings s;
  private final String ns;
  private final Stats stats;
  private final Cache<Object, L1Entry> l1;
  private final RedisTier l2;
  private final Coherence coherence;
  private final CircuitBreaker breaker;
  private final PendingInvalidations pending;
  private final ScheduledExecutorService maintenance;
  private final ConcurrentHashMap<String, Long> generations = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Object, Flight> flights = new ConcurrentHashMap<>();
  private final AtomicLong invalidations = new AtomicLong();
  private final int compressAbove;
  private volatile boolean closed;

  /** Builds the cache described by {@code settings} (use {@code TieredCache.builder()}). */
  public DefaultTieredCache(CacheSettings settings) {
    this.s = settings;
    this.ns = settings.namespace();
    this.stats = new Stats(settings.name(), settings.listener());
    this.compressAbove = settings.compressAbove();
    this.l1 = settings.hasL1() ? Caffeine.newBuilder()
        .maximumSize(settings.l1Size())
        .expireAfter(new L1Expiry())
        .evictionListener((Object k, L1Entry v, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE) {
            stats.eviction();
          }
        })
        .build() : null;
    this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerOpen().toNanos(),
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
    this.pending = new PendingInvalidations(settings.pendingInvalidations());
    if (settings.hasL2()) {
      this.l2 = new RedisTier(settings, breaker, stats::l2Error);
      // an instance without L1 still publishes, so that the others' L1s stay coherent
      this.coherence = settings.coherence() ? new Coherence(settings.name(), ns, l2, new LocalInvalidations()) : null;
      this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "strata-cache-" + settings.name());
        t.setDaemon(true);
        return t;
      });
      try {
        l2.ping();
      } catch (RedisTier.Unavailable e) {
        log.warn("[{}] Redis unreachable at start ({}); starting with the circuit open", s.name(), e.getMessage());
        breaker.forceOpen();
      }
      if (coherence != null && l1 != null) {
        coherence.ensureSubscribed();
      }
      long period = Math.min(1_000, Math.max(50, settings.breakerOpen().toMillis() / 2));
      maintenance.scheduleWithFixedDelay(this::maintain, period, period, TimeUnit.MILLISECONDS);
    } else {
      this.l2 = null;
      this.coherence = null;
      this.maintenance = null;
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public <T> T getOrSet(CacheKey key, ValueType<T> type, Duration ttl, CacheLoader<? extends T> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Checks.positive(ttl, "ttl");
    Objects.requireNonNull(loader, "loader");
    Object lk = l1Key(key);
    L1Entry early = null;
    if (l1 != null) {
      L1Entry e = l1.getIfPresent(lk);
      if (e != null && usable(e, key, type)) {
        if (!dueEarly(e.expireAtMs, e.deltaMs, e.drawFromMs)) {
          stats.hit(CacheTier.L1);
          return cast(e.value);
        }
        early = e; // counted as an early recomputation only if Redis has no newer value either
      } else {
        stats.miss(CacheTier.L1);
      }
    }
    Flight flight = new Flight();
    Flight running = flights.putIfAbsent(lk, flight);
    if (running != null) {
      if (early != null) {
        stats.hit(CacheTier.L1);
        return cast(early.value); // someone is already recomputing it: keep serving the current value
      }
      if (running.owner == Thread.currentThread()) {
        throw new IllegalStateException("the loader of cache key '" + key + "' called getOrSet for the same key");
      }
      return cast(await(running));
    }
    try {
      Object v = fetch(key, lk, type, ttl, loader, early);
      flight.complete(v);
      return cast(v);
    } catch (RuntimeException | Error e) {
      flight.completeExceptionally(e);
      throw e;
    } finally {
      flights.remove(lk, flight);
    }
  }

  @Override
  public <T> Optional<T> get(CacheKey key, ValueType<T> type) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Object lk = l1Key(key);
    if (l1 != null) {
      L1Entry e = l1.getIfPresent(lk);
      if (e != null && usable(e, key, type)) {
        stats.hit(CacheTier.L1);
        return Optional.ofNullable(cast(e.value));
      }
      stats.miss(CacheTier.L1);
    }
    if (l2 == null) {
      return Optional.empty();
    }
    long seq = invalidations.get();
    L2Read r = readL2(key, type, null, false);
    if (r.envelope == null) {
      return Optional.empty();
    }
    fillL1(lk, r.value, r.generation, r.envelope.expireAtMs(), r.envelope.deltaMs(), seq);
    return Optional.ofNullable(cast(r.value));
  }

  /** The value of a flight, or an absence marker; rethrows the flight's failure. */
  private static Object await(Flight running) {
    try {
      return running.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private Object fetch(CacheKey key, Object lk, ValueType<?> type, Duration ttl, CacheLoader<?> loader, L1Entry early) {
    long seq = invalidations.get();
    long generation = key.grouped() ? knownGeneration(key.group()) : -1;
    if (l2 != null) {
      L2Read r = readL2(key, type, early, true);
      generation = r.generation;
      if (r.envelope != null) {
        fillL1(lk, r.value, r.generation, r.envelope.expireAtMs(), r.envelope.deltaMs(), seq);
        return r.value == ABSENT ? null : r.value;
      }
    } else if (early != null) {
      stats.earlyRecompute();
    }
    long t0 = System.nanoTime();
    Object value;
    try {
      value = loader.load();
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
    store(key, lk, type, value, ttl, generation, took, seq, false);
    return value;
  }

  /** What Redis gave: the envelope (null on a miss, error or early recomputation) and the decoded value. */
  private record L2Read(Envelope envelope, Object value, long generation) {}

  /** Reads Redis; with {@code mayRecompute}, a hit may be turned into a miss by XFetch (or by L1's draw, {@code early}). */
  private L2Read readL2(CacheKey key, ValueType<?> type, L1Entry early, boolean mayRecompute) {
    long generation = key.grouped() ? knownGeneration(key.group()) : -1;
    byte[] raw;
    try {
      if (key.grouped()) {
        RedisTier.Grouped g = l2.getGrouped(genKey(key.group()), groupPrefix(key.group()), ":" + key.name());
        generation = g.generation();
        noteGeneration(key.group(), generation);
        raw = g.value();
      } else {
        raw = l2.get(ns + ":" + key.name());
      }
    } catch (RedisTier.Unavailable e) {
      stats.miss(CacheTier.L2);
      return new L2Read(null, null, generation);
    }
    if (raw == null) {
      stats.miss(CacheTier.L2);
      return new L2Read(null, null, generation);
    }
    try {
      Envelope env = Envelope.parse(raw);
      boolean recompute = mayRecompute && (early != null ? env.expireAtMs() == early.expireAtMs
          : dueEarly(env.expireAtMs(), env.deltaMs(), drawFrom(env.expireAtMs(), env.deltaMs())));
      if (recompute) {
        stats.earlyRecompute();
        return new L2Read(null, null, generation);
      }
      Object value = env.absent() ? ABSENT : s.codec().decode(env.payload(), type);
      stats.hit(CacheTier.L2);
      return new L2Read(env, value, generation);
    } catch (CacheCodecException e) {
      // e.g. the class changed shape since the value was written: treat as a miss, the load overwrites it
      log.warn("[{}] cannot decode the cached value of '{}' as {}; reloading: {}", s.name(), key, type, e.getMessage());
      stats.miss(CacheTier.L2);
      return new L2Read(null, null, generation);
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public <T> void put(CacheKey key, ValueType<T> type, T value, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    Checks.positive(ttl, "ttl");
    if (!type.rawClass().isInstance(value)) {
      throw new IllegalArgumentException("value must be a " + type + ", was a " + value.getClass().getName());
    }
    long seq = invalidations.incrementAndGet();
    Object lk = l1Key(key);
    if (l1 != null) {
      l1.invalidate(lk);
    }
    store(key, lk, type, value, ttl, -1, 0, seq, true);
    if (coherence != null) {
      try {
        coherence.publishKey(key.group(), key.name());
      } catch (RedisTier.Unavailable e) {
        // the other instances must still drop their copies: replayed (delete + message) when Redis is back
        pending.add(new PendingInvalidations.Op('k', key.group(), key.name()));
      }
    }
  }

  private void store(CacheKey key, Object lk, ValueType<?> type, Object value, Duration ttl, long generation,
      long loadNanos, long seq, boolean explicit) {
    long ttlMs;
    if (value == null) {
      ttlMs = s.negativeTtl().toMillis();
      if (ttlMs == 0) {
        return;
      }
    } else {
      ttlMs = jittered(ttl.toMillis());
    }
    int deltaMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(loadNanos)));
    long expireAt = System.currentTimeMillis() + ttlMs;
    if (l2 != null) {
      byte[] bytes = encode(key, type, value, expireAt, deltaMs, explicit);
      if (bytes != null) {
        try {
          if (!key.grouped()) {
            l2.set(ns + ":" + key.name(), bytes, ttlMs);
          } else if (generation >= 0) {
            l2.set(groupPrefix(key.group()) + generation + ":" + key.name(), bytes, ttlMs);
          } else {
            generation = l2.putGrouped(genKey(key.group()), groupPrefix(key.group()), ":" + key.name(), bytes, ttlMs);
            noteGeneration(key.group(), generation);
          }
        } catch (RedisTier.Unavailable e) {
          // fail open: the value is served from L1 and the loader until Redis is back
        }
      }
    }
    if (key.grouped() && generation < 0) {
      generation = knownGeneration(key.group());
    }
    fillL1(lk, value == null ? ABSENT : value, generation, expireAt, deltaMs, seq);
  }

  /** The stored bytes, or null (after reporting it) when the value cannot go to Redis. */
  private byte[] encode(CacheKey key, ValueType<?> type, Object value, long expireAt, int deltaMs, boolean explicit) {
    try {
      Envelope env = value == null ? Envelope.absent(expireAt, deltaMs)
          : new Envelope(false, expireAt, deltaMs, s.codec().encode(value, type));
      byte[] bytes = env.toBytes(compressAbove);
      if (bytes.length > s.maxValueBytes()) {
        throw new CacheCodecException("value of cache key '" + key + "' is " + bytes.length + " bytes encoded"
            + (compressAbove < Integer.MAX_VALUE ? " (compressed)" : "") + ", above maxValueBytes " + s.maxValueBytes()
            + "; raise maxValueBytes, enable compressAbove, or cache a smaller value");
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

  private void fillL1(Object lk, Object value, long generation, long expireAtMs, int deltaMs, long seq) {
    if (l1 == null || closed) {
      return;
    }
    long remainingMs = expireAtMs - System.currentTimeMillis();
    if (remainingMs <= 0) {
      return;
    }
    long l1Nanos = TimeUnit.MILLISECONDS.toNanos(Math.min(remainingMs, s.l1MaxTtl().toMillis()));
    L1Entry e = new L1Entry(value, generation, expireAtMs, deltaMs, drawFrom(expireAtMs, deltaMs), l1Nanos);
    if (invalidations.get() == seq) {
      l1.put(lk, e);
      if (invalidations.get() != seq) {
        l1.asMap().remove(lk, e); // an invalidation slipped in between the check and the put
      }
    }
  }

  // ---------------------------------------------------------------- early recomputation (XFetch)

  private long drawFrom(long expireAtMs, int deltaMs) {
    return s.earlyRecomputeBeta() == 0 ? Long.MAX_VALUE
        : expireAtMs - (long) (deltaMs * s.earlyRecomputeBeta() * XFETCH_HORIZON);
  }

  private boolean dueEarly(long expireAtMs, int deltaMs, long drawFromMs) {
    if (drawFromMs == Long.MAX_VALUE) {
      return false;
    }
    long now = System.currentTimeMillis();
    return now >= drawFromMs && XFetch.due(now, expireAtMs, deltaMs, s.earlyRecomputeBeta(),
        1.0 - ThreadLocalRandom.current().nextDouble());
  }

  // ---------------------------------------------------------------- invalidation

  @Override
  public void invalidate(CacheKey key) {
    Objects.requireNonNull(key, "key");
    invalidations.incrementAndGet();
    if (l1 != null) {
      l1.invalidate(l1Key(key));
    }
    if (l2 != null) {
      apply(new PendingInvalidations.Op('k', key.group(), key.name()), true);
    }
  }

  @Override
  public void invalidateGroup(String group) {
    Checks.group(group);
    invalidations.incrementAndGet();
    if (l2 == null || !apply(new PendingInvalidations.Op('g', group, null), true)) {
      // no Redis generation to follow: bump ours, which drops the group's L1 entries
      generations.merge(group, 1L, (old, one) -> old + 1);
    }
  }

  @Override
  public long invalidateMatching(String pattern) {
    Checks.notBlank(pattern, "pattern");
    invalidations.incrementAndGet();
    removeMatchingLocally(pattern);
    if (l2 == null) {
      return 0;
    }
    long[] deleted = {0};
    applyOrQueue(new PendingInvalidations.Op('p', null, pattern), deleted);
    return deleted[0];
  }

  private boolean apply(PendingInvalidations.Op op, boolean queueOnFailure) {
    return queueOnFailure ? applyOrQueue(op, new long[1]) : applyOnce(op, new long[1]);
  }

  private boolean applyOrQueue(PendingInvalidations.Op op, long[] deleted) {
    if (applyOnce(op, deleted)) {
      return true;
    }
    pending.add(op);
    return false;
  }

  /** One invalidation in Redis plus its message to the other instances; false when Redis failed. */
  private boolean applyOnce(PendingInvalidations.Op op, long[] deleted) {
    try {
      switch (op.type()) {
        case 'k' -> {
          String message = coherence == null ? "" : coherence.keyMessage(op.group(), op.name());
          if (op.group() == null) {
            deleted[0] = l2.invalidateKey(ns + ":" + op.name(), channel(), message);
          } else {
            l2.invalidateGroupedKey(genKey(op.group()), groupPrefix(op.group()), ":" + op.name(), channel(), message);
          }
        }
        case 'g' -> noteGeneration(op.group(), l2.invalidateGroup(genKey(op.group()), channel(),
            coherence == null ? "" : coherence.generationMessagePrefix(op.group())));
        case 'p' -> {
          deleted[0] = l2.scanUnlink(ns + ":" + op.name(), SCAN_BATCH);
          publish(() -> coherence.publishPattern(op.name()));
        }
        default -> throw new IllegalStateException("unknown invalidation " + op);
      }
      return true;
    } catch (RedisTier.Unavailable e) {
      return false;
    }
  }

  private String channel() {
    return coherence == null ? "" : coherence.channel();
  }

  private void publish(Runnable send) {
    if (coherence != null) {
      send.run(); // Unavailable propagates: the invalidation is then queued and replayed with its message
    }
  }

  private void removeMatchingLocally(String pattern) {
    if (l1 == null) {
      return;
    }
    Pattern p = Glob.compile(pattern);
    l1.asMap().entrySet().removeIf(en -> {
      Object k = en.getKey();
      String visible = k instanceof CacheKey ck ? "{" + ck.group() + "}:" + en.getValue().generation + ":" + ck.name()
          : (String) k;
      return p.matcher(visible).matches();
    });
  }

  @Override
  public void clearLocal() {
    invalidations.incrementAndGet();
    if (l1 != null) {
      l1.invalidateAll();
    }
    generations.clear();
  }

  /** Periodic: subscribe if not yet subscribed, replay invalidations queued during an outage. */
  private void maintain() {
    try {
      if (coherence != null && l1 != null) {
        coherence.ensureSubscribed();
      }
      if (pending.isEmpty() || breaker.isOpen() && !probe()) {
        return;
      }
      long dropped = pending.takeDropped();
      if (dropped > 0) {
        log.error("[{}] {} invalidations did not fit in the pending queue during the Redis outage; clearing L1, "
            + "and Redis entries they targeted are served until their TTL", s.name(), dropped);
        clearLocal();
      }
      List<PendingInvalidations.Op> ops = pending.take();
      for (int i = 0; i < ops.size(); i++) {
        if (!apply(ops.get(i), false)) {
          pending.restore(ops.subList(i, ops.size()));
          return;
        }
      }
      if (!ops.isEmpty()) {
        log.info("[{}] replayed {} invalidations queued while Redis was unreachable", s.name(), ops.size());
      }
    } catch (RuntimeException e) {
      log.warn("[{}] cache maintenance failed: {}", s.name(), e.toString());
    }
  }

  private boolean probe() {
    try {
      l2.ping();
      return true;
    } catch (RedisTier.Unavailable e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- keys and generations

  private static Object l1Key(CacheKey key) {
    return key.grouped() ? key : key.name();
  }

  private String genKey(String group) {
    return ns + ":{" + group + "}:gen";
  }

  private String groupPrefix(String group) {
    return ns + ":{" + group + "}:";
  }

  private long knownGeneration(String group) {
    Long g = generations.get(group);
    return g == null ? 0 : g;
  }

  private void noteGeneration(String group, long generation) {
    generations.merge(group, generation, Math::max);
  }

  private boolean usable(L1Entry e, CacheKey key, ValueType<?> type) {
    if (e.value != ABSENT && !type.rawClass().isInstance(e.value)) {
      return false;
    }
    if (e.generation < 0) {
      return true;
    }
    Long known = generations.get(key.group());
    return known == null || e.generation >= known;
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object v) {
    return v == ABSENT ? null : (T) v;
  }

  @Override
  public CacheStats stats() {
    return stats.snapshot();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (maintenance != null) {
      maintenance.shutdownNow();
    }
    if (coherence != null) {
      coherence.close();
    }
    if (l2 != null) {
      l2.close();
    }
    if (l1 != null) {
      l1.invalidateAll();
    }
  }

  @Override
  public String toString() {
    return "TieredCache[" + s.name() + ", namespace " + ns + (l1 != null ? ", L1 " + s.l1Size() : "")
        + (l2 != null ? (l2.cluster() ? ", Redis Cluster" : ", Redis") : "") + "]";
  }

  // ---------------------------------------------------------------- L1 pieces

  /** A load in progress; other callers of the same key wait for it. */
  private static final class Flight extends CompletableFuture<Object> {
    final Thread owner = Thread.currentThread();
  }

  /** An L1 entry: the decoded value and what validity and XFetch need. */
  static final class L1Entry {
    final Object value;
    final long generation;
    final long expireAtMs;
    final int deltaMs;
    final long drawFromMs;
    final long l1Nanos;

    L1Entry(Object value, long generation, long expireAtMs, int deltaMs, long drawFromMs, long l1Nanos) {
      this.value = value;
      this.generation = generation;
      this.expireAtMs = expireAtMs;
      this.deltaMs = deltaMs;
      this.drawFromMs = drawFromMs;
      this.l1Nanos = l1Nanos;
    }
  }

  private static final class L1Expiry implements Expiry<Object, L1Entry> {
    @Override
    public long expireAfterCreate(Object key, L1Entry value, long currentTime) {
      return value.l1Nanos;
    }

    @Override
    public long expireAfterUpdate(Object key, L1Entry value, long currentTime, long currentDuration) {
      return value.l1Nanos;
    }

    @Override
    public long expireAfterRead(Object key, L1Entry value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** Applies other instances' invalidations to this L1. */
  private final class LocalInvalidations implements Coherence.Local {
    @Override
    public void removeKey(String group, String name) {
      invalidations.incrementAndGet();
      if (l1 != null) {
        l1.invalidate(group == null ? name : CacheKey.of(group, name));
      }
    }

    @Override
    public void generation(String group, long generation) {
      invalidations.incrementAndGet();
      noteGeneration(group, generation);
    }

    @Override
    public void removeMatching(String pattern) {
      invalidations.incrementAndGet();
      removeMatchingLocally(pattern);
    }

    @Override
    public void clearAll(String reason) {
      clearLocal();
      stats.l1Cleared(reason);
      log.info("[{}] L1 cleared: {}", s.name(), reason);
    }
  }
}
