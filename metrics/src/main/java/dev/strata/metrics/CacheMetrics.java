package dev.strata.metrics;

import dev.strata.cache.CacheListener;
import dev.strata.cache.CacheTier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
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
 *   <tr><td>{@code strata.cache.hit.ratio}</td><td>gauge per {@code tier} (l1, l2, all): hits over lookups of that tier since binding (NaN before the first); {@code all} counts a get served by either tier as a hit</td></tr>
 *   <tr><td>{@code strata.cache.hit.ratio.recent}</td><td>gauge, {@code tier=all}: the same ratio over the last window only (default 5 minutes), NaN when there was no lookup in it</td></tr>
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

  /** Default window of {@code strata.cache.hit.ratio.recent}: five minutes. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

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
  private final WindowedRatio recent;

  private CacheMetrics(MeterRegistry registry, String name, Duration window) {
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
    Gauge.builder("strata.cache.hit.ratio", this, self -> ratio(hitsAll(), lookups() - hitsAll())).tags(cache)
        .tag("tier", "all").description("gets served by either tier over all gets since the binder was created")
        .register(registry);
    recent = new WindowedRatio(registry.config().clock(), window, this::hitsAll, this::lookups);
    Gauge.builder("strata.cache.hit.ratio.recent", recent, WindowedRatio::value).tags(cache).tag("tier", "all")
        .description("gets served by either tier over all gets in the last " + window).register(registry);
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
    return create(registry, cacheName, DEFAULT_WINDOW);
  }

  /**
   * A listener as {@link #create(MeterRegistry, String)}, with {@code window} for
   * {@code strata.cache.hit.ratio.recent}: the ratio covers the gets of the last {@code window} to
   * {@code window + window/12} (it is sampled twelve times per window, by the registry's clock).
   *
   * @param window at least one second
   * @throws IllegalArgumentException when the name is blank or already bound, or the window is shorter
   */
  public static CacheMetrics create(MeterRegistry registry, String cacheName, Duration window) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(window, "window");
    if (window.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("window must be >= 1 s, was: " + window);
    }
    if (cacheName.isBlank()) {
      throw new IllegalArgumentException("cacheName must not be blank");
    }
    if (registry.find("strata.cache.circuit.open").tag("cache", cacheName).gauge() != null) {
      throw new IllegalArgumentException("cacheName '" + cacheName
          + "' is already bound on this registry; give each cache its own name");
    }
    return new CacheMetrics(registry, cacheName, window);
  }

  /** The {@code cache} tag value. */
  public String cacheName() {
    return name;
  }

  private static double ratio(double hit, double miss) {
    double lookups = hit + miss;
    return lookups == 0 ? Double.NaN : hit / lookups;
  }

  /** Gets served by either tier: every tier's hits (a get reaches L2 only after an L1 miss). */
  private double hitsAll() {
    double h = 0;
    for (Counter c : hits.values()) {
      h += c.count();
    }
    return h;
  }

  /** Gets: every get is looked up in L1 first. */
  private double lookups() {
    return hits.get(CacheTier.L1).count() + misses.get(CacheTier.L1).count();
  }

  @Override
  public void onHit(CacheTier tier) {
    recent.tick(); // before counting: a sample holds the counts of the events before it
    hits.get(tier).increment();
  }

  @Override
  public void onMiss(CacheTier tier) {
    recent.tick();
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
