package dev.strata.cache.internal;

import dev.strata.cache.CacheKey;
import dev.strata.cache.CacheLoadException;
import dev.strata.cache.CacheLoader;
import dev.strata.cache.CacheTier;
import dev.strata.cache.FencedLoader;
import dev.strata.cache.ValueType;
import java.time.Duration;
import java.util.Optional;

/**
 * The read path: L1, then (single flight) Redis, then the loader, whose value goes to the tiers
 * through {@link WritePath#storeLoaded}. A read fills L1 under the fill ticket it took before reading
 * Redis, so a value read just before an invalidation or write on this instance is refused.
 */
final class ReadPath {

  private static final Object ABSENT = LocalTier.ABSENT;

  private final CacheSettings s;
  private final Stats stats;
  private final L1 l1;
  private final L2 l2;
  private final Fences fences;
  private final SingleFlight flights;
  private final WritePath writes;
  private volatile boolean closed;

  ReadPath(CacheSettings s, Stats stats, L1 l1, L2 l2, Fences fences, WritePath writes) {
    this.s = s;
    this.stats = stats;
    this.l1 = l1;
    this.l2 = l2;
    this.fences = fences;
    this.flights = new SingleFlight(l1, l2);
    this.writes = writes;
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
  <T> T lookup(Object lk, CacheKey key, String group, Class<?> raw, ValueType<T> type, Duration ttl,
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

  /** L1, then Redis; no load. */
  <T> Optional<T> get(CacheKey key, ValueType<T> type) {
    Object lk = LocalTier.keyOf(key);
    LocalTier.Entry entry = l1.usable(lk, key.group(), type.rawClass());
    if (entry != null) {
      stats.hit(CacheTier.L1);
      return Optional.ofNullable(cast(entry.value));
    }
    long seq = l1.seq(lk);
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
    flight.generationRead = Flight.READING; // from now on the read may return what Redis held before a caller came
    L2.Read r = l2.read(key, type, early, true, fenced != null);
    long generation = r.generation();
    flight.generationRead = generation;
    // Redis's fence, or a higher one this instance recorded: Redis may have lost the key (a restart,
    // a failover), and a higher fence only makes the load read fresher rows
    long fence = fenced != null ? Fences.max(r.fence(), fences.of(key.group())) : r.fence();
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
    writes.storeLoaded(key, lk, type, value, ttl, generation, took, ticket);
    return value;
  }

  private void fill(Object lk, Object value, long generation, Envelope env, long seq) {
    if (!closed) {
      l1.fill(lk, value, generation, env.expireAtMs(), env.deltaMs(),
          XFetch.drawFrom(env.expireAtMs(), env.deltaMs(), s.earlyRecomputeBeta()), seq);
    }
  }

  /** After the cache is closed, reads still in progress no longer fill L1. */
  void close() {
    closed = true;
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object v) {
    return v == ABSENT ? null : (T) v;
  }
}
