package dev.strata.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.strata.cache.CacheKey;
import dev.strata.cache.CacheTier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * L1: a bounded Caffeine cache of decoded values, keyed by the key's name (ungrouped) or its
 * {@link CacheKey} (grouped), plus what decides whether an entry may still be served.
 *
 * <p>Caffeine drops every entry {@code l1MaxTtl} after it was written (a fixed expiry is markedly
 * cheaper per read than Caffeine's per-entry expiry); an entry whose own TTL ends sooner, or that XFetch
 * may want to recompute within that time, is "timed" and its hits check the clock.
 *
 * <p>Group generations: the highest generation seen per group (own INCRs, received messages, every
 * grouped Redis read). An entry of an older generation is refused, so a group invalidation drops the
 * whole group from L1 in O(1).
 *
 * <p>Invalidations racing a load: a load fills L1 only if no invalidation of its key happened since it
 * started ({@link #seq}).
 *
 * <p>While the invalidation subscription is down ({@link #subscriptionState}), messages from the other
 * instances are lost: L1 is cleared when the interruption is seen, and what is filled meanwhile is
 * served for at most {@code l1TtlWhileUnsubscribed} after it was filled.
 */
final class LocalTier implements L1 {

  private static final Logger log = LoggerFactory.getLogger(LocalTier.class);
  /** L1's marker of a cached absence. */
  static final Object ABSENT = new Object();
  private static final int STRIPES = 64;

  private final String name;
  private final Stats stats;
  private final long maxTtlMs;
  private final long unsubscribedTtlMs;
  /** True while invalidations from the other instances cannot reach this L1. */
  private volatile boolean unsubscribed;
  private final Cache<Object, Entry> cache;
  private final ConcurrentHashMap<String, Long> generations = new ConcurrentHashMap<>();
  /** Bumped by invalidations of every key (patterns, clears). */
  private final AtomicLong allInvalidations = new AtomicLong();
  /** Bumped by invalidations of the keys of one stripe. */
  private final AtomicLongArray keyInvalidations = new AtomicLongArray(STRIPES);
  /**
   * Per stripe: a key invalidation (bump and removal) and a fill's ticket check and put are atomic to
   * each other, so a fill that passed its check before an invalidation is removed by it, never put
   * after it. Hits take no lock.
   */
  private final Object[] stripeLocks = new Object[STRIPES];
  /** Test seams: run in a fill after its ticket check and after its put; null outside tests. */
  volatile Runnable afterFillCheck;
  volatile Runnable afterFillPut;

  /** An entry: the decoded value (or {@link #ABSENT}) and what validity and XFetch need. */
  static final class Entry {
    final Object value;
    final long generation;
    final long expireAtMs;
    final int deltaMs;
    final long drawFromMs;
    final boolean timed;
    /** When a timed entry stops being served: its expiry, or sooner when filled while unsubscribed. */
    final long servedUntilMs;

    Entry(Object value, long generation, long expireAtMs, int deltaMs, long drawFromMs, boolean timed,
        long servedUntilMs) {
      this.value = value;
      this.generation = generation;
      this.expireAtMs = expireAtMs;
      this.deltaMs = deltaMs;
      this.drawFromMs = drawFromMs;
      this.timed = timed;
      this.servedUntilMs = servedUntilMs;
    }
  }

  LocalTier(CacheSettings s, Stats stats) {
    this.name = s.name();
    this.stats = stats;
    this.maxTtlMs = s.l1MaxTtl().toMillis();
    this.unsubscribedTtlMs = s.l1TtlWhileUnsubscribed().toMillis();
    for (int i = 0; i < STRIPES; i++) {
      stripeLocks[i] = new Object();
    }
    this.cache = Caffeine.newBuilder()
        .maximumSize(s.l1Size())
        .expireAfterWrite(s.l1MaxTtl())
        .evictionListener((Object k, Entry v, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE) {
            stats.eviction();
          }
        })
        .build();
  }

  @Override
  public boolean present() {
    return true;
  }

  static Object keyOf(CacheKey key) {
    return key.grouped() ? key : key.name();
  }

  /** The entry of {@code lk} if it may be served for a value of class {@code raw}, else null (an L1 miss). */
  @Override
  public Entry usable(Object lk, String group, Class<?> raw) {
    Entry e = servable(lk, group, raw);
    if (e == null) {
      stats.miss(CacheTier.L1);
    }
    return e;
  }

  private Entry servable(Object lk, String group, Class<?> raw) {
    Entry e = cache.getIfPresent(lk);
    if (e == null || e.value != ABSENT && !raw.isInstance(e.value)) {
      return null;
    }
    if (e.generation >= 0) {
      Long known = generations.get(group);
      if (known != null && e.generation < known) {
        return null;
      }
    }
    if (e.timed && System.currentTimeMillis() >= e.servedUntilMs) {
      cache.asMap().remove(lk, e);
      return null;
    }
    return e;
  }

  /**
   * A fill ticket: the fill of {@code lk} is dropped if an invalidation that could concern it happens
   * after this call. Group invalidations need none (older generations are refused when read).
   */
  @Override
  public long seq(Object lk) {
    return allInvalidations.get() + keyInvalidations.get(stripe(lk));
  }

  /**
   * Stores an entry unless an invalidation happened since {@code seq} was taken, or the entry belongs
   * to a group generation older than one already seen (it could not be served, and it would replace
   * an entry of the current generation).
   */
  @Override
  public void fill(Object lk, Object value, long generation, long expireAtMs, int deltaMs, long drawFromMs, long seq) {
    long now = System.currentTimeMillis();
    if (expireAtMs <= now || generation >= 0 && lk instanceof CacheKey ck && generation < knownGeneration(ck.group())) {
      return;
    }
    long end = now + maxTtlMs;
    boolean timed = expireAtMs < end || drawFromMs < end;
    long servedUntil = expireAtMs;
    if (unsubscribed) {
      // an invalidation sent after this fill would not reach us: serve it only briefly
      timed = true;
      servedUntil = Math.min(expireAtMs, now + unsubscribedTtlMs);
    }
    Entry e = new Entry(value, generation, expireAtMs, deltaMs, timed ? drawFromMs : Long.MAX_VALUE, timed, servedUntil);
    synchronized (stripeLocks[stripe(lk)]) {
      if (seq(lk) != seq) {
        return;
      }
      runSeam(afterFillCheck);
      cache.put(lk, e);
      runSeam(afterFillPut);
    }
    if (seq(lk) != seq) {
      cache.asMap().remove(lk, e); // a clear or pattern invalidation (no stripe lock) slipped in
    }
  }

  private static void runSeam(Runnable seam) {
    if (seam != null) {
      seam.run();
    }
  }

  @Override
  public long knownGeneration(String group) {
    Long g = generations.get(group);
    return g == null ? 0 : g;
  }

  @Override
  public long size() {
    return cache.estimatedSize();
  }

  @Override
  public void noteGeneration(String group, long generation) {
    generations.merge(group, generation, Math::max);
  }

  @Override
  public void groupInvalidated(String group, boolean inRedis) {
    if (!inRedis) {
      bumpGeneration(group); // no Redis generation to follow (yet): drop the group from L1 ourselves
    }
  }

  /** Without a Redis generation to follow: bump ours, which drops the group's entries. */
  void bumpGeneration(String group) {
    generations.merge(group, 1L, (old, one) -> old + 1);
  }

  @Override
  public void invalidate(Object lk) {
    int stripe = stripe(lk);
    synchronized (stripeLocks[stripe]) {
      // before, a fill that had passed its check could put its entry just after this removal and
      // take it out again only at its re-check: the writer's own read in between was served it
      keyInvalidations.incrementAndGet(stripe);
      cache.invalidate(lk);
    }
  }

  /**
   * Drops every entry. The generations known are kept: they are what tells a Redis value stored under
   * a generation older than an invalidation this instance knows of (Redis restarted and lost the key,
   * which the coherence clears around the restart used to forget as well), and what the scripts raise
   * Redis's generation to (see {@code RedisTier.CURRENT_GENERATION}). One entry per group seen.
   */
  @Override
  public void clear() {
    allInvalidations.incrementAndGet();
    cache.invalidateAll();
  }

  // ---------------------------------------------------------------- what other instances tell us

  @Override
  public void removeKey(String group, String key) {
    invalidate(group == null ? key : CacheKey.of(group, key));
  }

  @Override
  public void generation(String group, long generation) {
    noteGeneration(group, generation);
  }

  @Override
  public void dropMatching(String pattern) {
    removeMatching(pattern);
  }

  /** Drops the ungrouped entries whose name, and the grouped ones whose Redis form, match the glob. */
  @Override
  public void removeMatching(String pattern) {
    allInvalidations.incrementAndGet();
    Pattern p = Glob.compile(pattern);
    cache.asMap().entrySet().removeIf(en -> {
      Object k = en.getKey();
      String visible = k instanceof CacheKey ck ? KeyScheme.belowNamespace(ck.group(), en.getValue().generation, ck.name())
          : (String) k;
      return p.matcher(visible).matches();
    });
  }

  /**
   * Whether invalidations from the other instances reach this L1. {@link Coherence} clears L1 right
   * after marking it unsubscribed (fills in flight are then dropped by their ticket) and right before
   * marking it subscribed again.
   */
  @Override
  public void subscriptionState(boolean subscribed) {
    unsubscribed = !subscribed;
  }

  @Override
  public void clearAll(String reason) {
    clear();
    stats.l1Cleared(reason);
    log.info("[{}] L1 cleared: {}", name, reason);
  }

  private static int stripe(Object lk) {
    int h = lk.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
