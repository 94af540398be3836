package dev.strata.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates {@link HealthCheck}s against the meters of a registry and reports, per check and tag
 * combination, its state, value, threshold and since when it has been breached. A check that becomes
 * breached is logged once at WARN and one that recovers once at INFO on
 * {@code dev.strata.metrics.HealthReport} (and both go to the {@link Listener}), not on every
 * evaluation. Times come from the registry's clock.
 *
 * <pre>{@code
 * HealthReport health = HealthReport.builder(registry)
 *     .checks(HealthPreset.checks())                                   // the plan's thresholds and Strata's own
 *     .check(HealthCheck.gauge("feed.lag", "strata.events.feed.lag").above(60))
 *     .build();
 * health.start(Duration.ofSeconds(15));                               // or health.evaluate() from your scheduler
 * List<HealthReport.Result> now = health.evaluate();
 * }</pre>
 *
 * <p>Thread-safe: evaluations are serialized.
 */
public final class HealthReport implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HealthReport.class);

  /** The state of one check on one tag combination. */
  public enum State {
    /** Within the bound. */
    OK,
    /** Across the bound. */
    BREACHED,
    /** No value (NaN: e.g. a ratio with nothing to divide, a gauge whose source is gone). */
    NO_DATA
  }

  /**
   * One check on one tag combination.
   *
   * @param check     the check's name
   * @param tags      the tags of the meter(s) read
   * @param state     the state now
   * @param value     the value read (NaN for no data)
   * @param threshold the rule, e.g. {@code strata.pool.usage > 0.8}
   * @param since     when the current breach began (by the registry's clock), or null unless breached
   */
  public record Result(String check, List<Tag> tags, State state, double value, String threshold, Instant since) {
    /** Whether this check is breached. */
    public boolean breached() {
      return state == State.BREACHED;
    }

    @Override
    public String toString() {
      return check + tagText(tags) + " " + state + " value=" + value + " (" + threshold + ")" + (since == null ? "" : " since " + since);
    }
  }

  /** Receives state changes: a breach, or a clear (state OK or NO_DATA after a breach). */
  @FunctionalInterface
  public interface Listener {
    /** Called on the evaluating thread; must be quick. */
    void onChange(Result result);
  }

  private record Series(String check, List<Tag> tags) {}

  private final MeterRegistry registry;
  private final Clock clock;
  private final List<HealthCheck> checks;
  private final Listener listener;
  private final Map<Series, Instant> breachedSince = new HashMap<>();
  private final Map<Series, IncreaseWindow> windows = new HashMap<>();
  private long lastEvaluation = Long.MIN_VALUE;
  private ScheduledExecutorService scheduler;

  private HealthReport(Builder b) {
    this.registry = b.registry;
    this.clock = registry.config().clock();
    this.checks = List.copyOf(b.checks);
    this.listener = b.listener;
  }

  /** A builder over {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(Objects.requireNonNull(registry, "registry"));
  }

  /** Evaluates every check now: one result per check and tag combination found, in check order. */
  public synchronized List<Result> evaluate() {
    long now = clock.monotonicTime();
    Instant wall = Instant.ofEpochMilli(clock.wallTime());
    List<Result> results = new ArrayList<>();
    Set<Series> seen = new HashSet<>();
    for (HealthCheck check : checks) {
      for (Meter m : registry.find(check.meter()).meters()) {
        List<Tag> tags = m.getId().getTags();
        Series series = new Series(check.name(), tags);
        if (!seen.add(series)) {
          continue;
        }
        double value = switch (check.kind()) {
          case GAUGE -> MeterValues.of(m);
          case RATIO -> MeterValues.ratio(m, registry.find(check.denominator()).tags(tags).meters());
          case INCREASE -> windows.computeIfAbsent(series, s -> new IncreaseWindow(check.window(), lastEvaluation))
              .increase(now, MeterValues.of(m));
        };
        results.add(judge(check, series, value, wall));
      }
    }
    // A series that vanished (its meter was removed) can no longer be breached: clear it.
    for (Series gone : new ArrayList<>(breachedSince.keySet())) {
      if (!seen.contains(gone)) {
        String threshold = checks.stream().filter(c -> c.name().equals(gone.check())).findFirst()
            .map(HealthCheck::threshold).orElse("");
        Instant started = breachedSince.remove(gone);
        change(new Result(gone.check(), gone.tags(), State.NO_DATA, Double.NaN, threshold, null), started);
      }
    }
    windows.keySet().retainAll(seen);
    lastEvaluation = now;
    return results;
  }

  private Result judge(HealthCheck check, Series series, double value, Instant wall) {
    State state = Double.isNaN(value) ? State.NO_DATA : check.breached(value) ? State.BREACHED : State.OK;
    Instant since = breachedSince.get(series);
    if (state == State.BREACHED && since == null) {
      since = wall;
      breachedSince.put(series, since);
      Result r = new Result(check.name(), series.tags(), state, value, check.threshold(), since);
      change(r, wall);
      return r;
    }
    if (state != State.BREACHED && since != null) {
      breachedSince.remove(series);
      Result r = new Result(check.name(), series.tags(), state, value, check.threshold(), null);
      change(r, since);
      return r;
    }
    return new Result(check.name(), series.tags(), state, value, check.threshold(), since);
  }

  /** Logs and reports a change; {@code since} is the breach's start for a clear. */
  private void change(Result r, Instant since) {
    if (r.breached()) {
      log.warn("health check {}{} breached: value {} ({})", r.check(), tagText(r.tags()), r.value(), r.threshold());
    } else {
      log.info("health check {}{} cleared after {}: {} value {} ({})", r.check(), tagText(r.tags()),
          Duration.between(since, Instant.ofEpochMilli(clock.wallTime())), r.state(), r.value(), r.threshold());
    }
    try {
      listener.onChange(r);
    } catch (RuntimeException e) {
      log.warn("health listener failed on {}", r, e);
    }
  }

  private static String tagText(List<Tag> tags) {
    StringBuilder b = new StringBuilder("{");
    for (Tag t : tags) {
      b.append(b.length() > 1 ? "," : "").append(t.getKey()).append('=').append(t.getValue());
    }
    return b.append('}').toString();
  }

  /** Evaluates every {@code period} on a daemon thread until {@link #close()}. */
  public synchronized void start(Duration period) {
    Objects.requireNonNull(period, "period");
    if (period.toMillis() < 1) {
      throw new IllegalArgumentException("period must be >= 1 ms, was: " + period);
    }
    if (scheduler != null) {
      throw new IllegalStateException("already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "strata-health-report");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        evaluate();
      } catch (RuntimeException e) {
        log.warn("health evaluation failed", e);
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops the schedule, if started. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  /** Builds a {@link HealthReport}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private final List<HealthCheck> checks = new ArrayList<>();
    private Listener listener = r -> {};

    private Builder(MeterRegistry registry) {
      this.registry = registry;
    }

    /**
     * Adds a check.
     *
     * @throws IllegalArgumentException if it has no bound ({@code above}/{@code below}) or its name is taken
     */
    public Builder check(HealthCheck check) {
      Objects.requireNonNull(check, "check");
      if (!check.hasBound()) {
        throw new IllegalArgumentException("check must have a bound (above or below), was: " + check);
      }
      if (checks.stream().anyMatch(c -> c.name().equals(check.name()))) {
        throw new IllegalArgumentException("check names must be unique, was: '" + check.name() + "' twice");
      }
      checks.add(check);
      return this;
    }

    /** Adds each of {@code checks}, e.g. {@link HealthPreset#checks()}. */
    public Builder checks(List<HealthCheck> checks) {
      Objects.requireNonNull(checks, "checks").forEach(this::check);
      return this;
    }

    /** Also receives every change (they are logged either way). */
    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The report.
     *
     * @throws IllegalStateException without any check
     */
    public HealthReport build() {
      if (checks.isEmpty()) {
        throw new IllegalStateException("at least one check is required");
      }
      return new HealthReport(this);
    }
  }
}
