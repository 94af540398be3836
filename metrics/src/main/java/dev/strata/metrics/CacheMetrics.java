package dev.strata.metrics;

import dev.strata.cache.CacheListener;
import dev.strata.cache.CacheTier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters for one {@code TieredCache}: pass it as the cache's listener. Every meter carries the tag
 * {@code cache} with the name given here.
 *
 * <pre>{@code
 * TieredCache cache = TieredCache.builder().name("dashboards").redis(uri)
 *     .listener(CacheMetrics.create(registry, "dashboards")).build();
 * }</pre>
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><td>{@code strata.cache.gets}</td><td>counter; tags {@code tier} (l1, l2), {@code result} (hit, miss)</td></tr>
 *   <tr><td>{@code strata.cache.hit.ratio}</td><td>gauge per {@code tier}: hits over lookups of that tier since binding (NaN before the first)</td></tr>
 *   <tr><td>{@code strata.cache.loads}</td><td>timer; tag {@code result} (success, failure)</td></tr>
 *   <tr><td>{@code strata.cache.early.recomputes}</td><td>counter: hits turned into loads by XFetch</td></tr>
 *   <tr><td>{@code strata.cache.l2.errors}</td><td>counter; tag {@code operation} (the Redis operation: GET, SET, PING, ...)</td></tr>
 *   <tr><td>{@code strata.cache.rejections}</td><td>counter: values not written to Redis (unencodable or too large)</td></tr>
 *   <tr><td>{@code strata.cache.l1.evictions}</td><td>counter: L1 entries evicted by the size bound</td></tr>
 *   <tr><td>{@code strata.cache.circuit.changes}</td><td>counter; tag {@code state} (open, closed)</td></tr>
 *   <tr><td>{@code strata.cache.circuit.open}</td><td>gauge: 1 while Redis is skipped by the breaker, 0 otherwise</td></tr>
 *   <tr><td>{@code strata.cache.l1.clears}</td><td>counter: L1 cleared after a coherence interruption</td></tr>
 * </table>
 * Tags take bounded values only. Keys and failure messages never become tags: a rejection's reason
 * names the key, so rejections are counted without it (the cache logs it).
 *
 * <p>A cache takes one listener; use one binder per cache, each with its own name (a second binder of
 * the same name on the same registry is refused, since its gauges would silently report the first).
 */
public final class CacheMetrics implements CacheListener {

  private static final int MAX_OPERATIONS = 32;

  private final MeterRegistry registry;
  private final String name;
  private final Map<CacheTier, Counter> hits = new EnumMap<>(CacheTier.class);
  private final Map<CacheTier, Counter> misses = new EnumMap<>(CacheTier.class);
  private final Timer loadSuccess;
  private final Timer loadFailure;
  private final Counter earlyRecomputes;
  private final Counter rejections;
  private final Counter evictions;
  private final Counter circuitOpens;
  private final Counter circuitCloses;
  private final Counter l1Clears;
  private final AtomicInteger circuitOpen = new AtomicInteger();
  private final BoundedTagValues operations = new BoundedTagValues(MAX_OPERATIONS);
  private final Map<String, Counter> l2Errors = new ConcurrentHashMap<>();

  private CacheMetrics(MeterRegistry registry, String name) {
    this.registry = registry;
    this.name = name;
    Tags cache = Tags.of("cache", name);
    for (CacheTier tier : CacheTier.values()) {
      String t = tier.name().toLowerCase(Locale.ROOT);
      hits.put(tier, Counter.builder("strata.cache.gets").description("cache lookups, by tier and result")
          .tags(cache).tags("tier", t, "result", "hit").register(registry));
      misses.put(tier, Counter.builder("strata.cache.gets").description("cache lookups, by tier and result")
          .tags(cache).tags("tier", t, "result", "miss").register(registry));
      Counter h = hits.get(tier);
      Counter m = misses.get(tier);
      Gauge.builder("strata.cache.hit.ratio", this, self -> ratio(h.count(), m.count())).tags(cache).tag("tier", t)
          .description("hits over lookups of the tier since the binder was created").register(registry);
    }
    loadSuccess = Timer.builder("strata.cache.loads").description("loader runs").tags(cache).tag("result", "success")
        .register(registry);
    loadFailure = Timer.builder("strata.cache.loads").description("loader runs").tags(cache).tag("result", "failure")
        .register(registry);
    earlyRecomputes = Counter.builder("strata.cache.early.recomputes").description("hits recomputed early (XFetch)")
        .tags(cache).register(registry);
    rejections = Counter.builder("strata.cache.rejections")
        .description("values not written to Redis: unencodable or above maxValueBytes").tags(cache).register(registry);
    evictions = Counter.builder("strata.cache.l1.evictions").description("L1 entries evicted by the size bound")
        .tags(cache).register(registry);
    circuitOpens = Counter.builder("strata.cache.circuit.changes").description("circuit breaker transitions")
        .tags(cache).tag("state", "open").register(registry);
    circuitCloses = Counter.builder("strata.cache.circuit.changes").description("circuit breaker transitions")
        .tags(cache).tag("state", "closed").register(registry);
    l1Clears = Counter.builder("strata.cache.l1.clears").description("L1 cleared after a coherence interruption")
        .tags(cache).register(registry);
    Gauge.builder("strata.cache.circuit.open", circuitOpen, AtomicInteger::get).tags(cache)
        .description("1 while the circuit breaker skips Redis").register(registry);
  }

  /**
   * A listener recording into {@code registry} under the tag {@code cache=name}.
   *
   * @param cacheName a fixed, low-cardinality name (not blank), usually the cache's own name
   * @throws IllegalArgumentException when the name is blank, or already bound on this registry
   */
  public static CacheMetrics create(MeterRegistry registry, String cacheName) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(cacheName, "cacheName");
    if (cacheName.isBlank()) {
      throw new IllegalArgumentException("cacheName must not be blank");
    }
    if (registry.find("strata.cache.circuit.open").tag("cache", cacheName).gauge() != null) {
      throw new IllegalArgumentException("cacheName '" + cacheName
          + "' is already bound on this registry; give each cache its own name");
    }
    return new CacheMetrics(registry, cacheName);
  }

  /** The {@code cache} tag value. */
  public String cacheName() {
    return name;
  }

  private static double ratio(double hit, double miss) {
    double lookups = hit + miss;
    return lookups == 0 ? Double.NaN : hit / lookups;
  }

  @Override
  public void onHit(CacheTier tier) {
    hits.get(tier).increment();
  }

  @Override
  public void onMiss(CacheTier tier) {
    misses.get(tier).increment();
  }

  @Override
  public void onLoad(long nanos, boolean success) {
    (success ? loadSuccess : loadFailure).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void onEarlyRecompute() {
    earlyRecomputes.increment();
  }

  @Override
  public void onL2Error(String operation, Throwable error) {
    String op = operations.of(operation);
    l2Errors.computeIfAbsent(op, o -> Counter.builder("strata.cache.l2.errors")
        .description("Redis operations that failed or timed out").tags("cache", name, "operation", o).register(registry))
        .increment();
  }

  @Override
  public void onRejected(String key, String reason) {
    rejections.increment();
  }

  @Override
  public void onL1Eviction() {
    evictions.increment();
  }

  @Override
  public void onCircuitOpen() {
    circuitOpen.set(1);
    circuitOpens.increment();
  }

  @Override
  public void onCircuitClose() {
    circuitOpen.set(0);
    circuitCloses.increment();
  }

  @Override
  public void onL1Cleared(String reason) {
    l1Clears.increment();
  }

  @Override
  public String toString() {
    return "CacheMetrics[" + name + "]";
  }
}
