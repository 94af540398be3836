package dev.strata.metrics;

import java.time.Duration;
import java.util.List;

/**
 * The ready set of {@link HealthCheck}s: the product plan's alert thresholds (a statement slower
 * than 1000 ms, a cache hit ratio below 0.6, pool usage above 0.8) and Strata's own (replica lag,
 * replica out of rotation, outbox backlog age, summary view age, Redis circuit open). A check whose
 * meters are not registered (the module is not used or not bound) reports nothing.
 *
 * <pre>{@code
 * HealthReport health = HealthReport.builder(registry).checks(HealthPreset.checks()).build();
 * }</pre>
 */
public final class HealthPreset {

  /** The window of the slow-statement check: five minutes. */
  public static final Duration WINDOW = Duration.ofMinutes(5);
  /** Breached below this recent hit ratio (all tiers, {@code strata.cache.hit.ratio.recent}): {@value}. */
  public static final double MIN_HIT_RATIO = 0.6;
  /** Breached above this pool usage ({@code strata.pool.usage}): {@value}. */
  public static final double MAX_POOL_USAGE = 0.8;
  /** Breached above this replay delay, the router's own default for taking a replica out: 5 s. */
  public static final Duration MAX_REPLICA_LAG = Duration.ofSeconds(5);
  /** Breached when the oldest unfinished outbox job is older: 5 min (a healthy indexer drains in seconds). */
  public static final Duration MAX_OUTBOX_AGE = Duration.ofMinutes(5);
  /** Breached when the summary view is older: 2 h (one hourly refresh missed). */
  public static final Duration MAX_VIEW_AGE = Duration.ofHours(2);

  private HealthPreset() {}

  /**
   * The checks, named {@code sql.slow}, {@code cache.hit.ratio}, {@code pool.usage},
   * {@code replica.lag}, {@code replica.healthy}, {@code outbox.age}, {@code view.age} and
   * {@code cache.circuit}. {@code sql.slow} counts statements the {@link SlowQueryLog} logged in the
   * last {@link #WINDOW}; wrap with its default threshold ({@link SlowQueryLog#DEFAULT_THRESHOLD},
   * 1000 ms) for the plan's meaning.
   */
  public static List<HealthCheck> checks() {
    return List.of(
        HealthCheck.increase("sql.slow", "strata.sql.slow", WINDOW).above(0),
        HealthCheck.gauge("cache.hit.ratio", "strata.cache.hit.ratio.recent").below(MIN_HIT_RATIO),
        HealthCheck.gauge("pool.usage", "strata.pool.usage").above(MAX_POOL_USAGE),
        HealthCheck.gauge("replica.lag", "strata.routing.replica.lag.ms").above(MAX_REPLICA_LAG.toMillis()),
        HealthCheck.gauge("replica.healthy", "strata.routing.replica.healthy").below(1),
        HealthCheck.gauge("outbox.age", "strata.outbox.oldest.age").above(MAX_OUTBOX_AGE.toSeconds()),
        HealthCheck.gauge("view.age", "strata.view.age").above(MAX_VIEW_AGE.toSeconds()),
        HealthCheck.gauge("cache.circuit", "strata.cache.circuit.open").above(0));
  }
}
