package dev.strata.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threshold alerts over gauges in a {@link MeterRegistry}: a rule names a gauge and a bound; every
 * gauge of that name (each tag combination on its own) fires an {@link Alert} when it crosses the
 * bound and again, resolved, when it comes back — once per crossing, not on every evaluation.
 *
 * <pre>{@code
 * ThresholdAlerts alerts = ThresholdAlerts.builder(registry)
 *     .above("strata.routing.replica.lag.bytes", 16 * 1024 * 1024)
 *     .below("strata.routing.replica.healthy", 1)
 *     .listener(alert -> pager.send(alert.toString()))   // default: log at WARN / INFO
 *     .build();
 * alerts.start(Duration.ofSeconds(10));
 * }</pre>
 */
public final class ThresholdAlerts implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ThresholdAlerts.class);

  /**
   * A crossing.
   *
   * @param meter     the gauge's name
   * @param tags      its tags
   * @param value     the value read
   * @param rule      the rule, e.g. {@code > 1.6E7}
   * @param firing    true when the bound was crossed, false when the gauge came back
   */
  public record Alert(String meter, List<Tag> tags, double value, String rule, boolean firing) {
    @Override
    public String toString() {
      return (firing ? "ALERT " : "resolved ") + meter + tags + " = " + value + " (rule " + rule + ")";
    }
  }

  /** Receives alerts. */
  @FunctionalInterface
  public interface Listener {
    /** Called on the evaluating thread; must be quick. */
    void onAlert(Alert alert);
  }

  private record Rule(String meter, double bound, boolean above) {
    boolean breached(double v) {
      return above ? v > bound : v < bound;
    }

    String text() {
      return (above ? "> " : "< ") + bound;
    }
  }

  private final MeterRegistry registry;
  private final List<Rule> rules;
  private final Listener listener;
  private final Map<Meter.Id, Boolean> firing = new HashMap<>();
  private ScheduledExecutorService scheduler;

  private ThresholdAlerts(Builder b) {
    this.registry = b.registry;
    this.rules = List.copyOf(b.rules);
    this.listener = b.listener;
  }

  /** A builder over {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(Objects.requireNonNull(registry, "registry"));
  }

  /** Evaluates every rule now; returns the alerts raised (also sent to the listener). */
  public synchronized List<Alert> evaluate() {
    List<Alert> raised = new ArrayList<>();
    for (Rule rule : rules) {
      for (Gauge g : registry.find(rule.meter()).gauges()) {
        double v = g.value();
        if (Double.isNaN(v)) {
          continue;
        }
        boolean breached = rule.breached(v);
        Meter.Id key = g.getId().withTag(Tag.of("strata.rule", rule.text()));
        boolean was = firing.getOrDefault(key, false);
        if (breached != was) {
          firing.put(key, breached);
          Alert a = new Alert(rule.meter(), g.getId().getTags(), v, rule.text(), breached);
          raised.add(a);
          try {
            listener.onAlert(a);
          } catch (RuntimeException e) {
            log.warn("alert listener failed on {}", a, e);
          }
        }
      }
    }
    return raised;
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
      Thread t = new Thread(r, "strata-threshold-alerts");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        evaluate();
      } catch (RuntimeException e) {
        log.warn("threshold evaluation failed", e);
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /** Builds {@link ThresholdAlerts}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private final List<Rule> rules = new ArrayList<>();
    private Listener listener = a -> {
      if (a.firing()) {
        log.warn("{}", a);
      } else {
        log.info("{}", a);
      }
    };

    private Builder(MeterRegistry registry) {
      this.registry = registry;
    }

    /** Alerts while a gauge named {@code meter} is above {@code bound}. */
    public Builder above(String meter, double bound) {
      rules.add(new Rule(name(meter), finite(bound), true));
      return this;
    }

    /** Alerts while a gauge named {@code meter} is below {@code bound}. */
    public Builder below(String meter, double bound) {
      rules.add(new Rule(name(meter), finite(bound), false));
      return this;
    }

    /** Where alerts go; the default logs them. */
    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** At least one rule is required. */
    public ThresholdAlerts build() {
      if (rules.isEmpty()) {
        throw new IllegalStateException("at least one rule (above/below) is required");
      }
      return new ThresholdAlerts(this);
    }

    private static String name(String meter) {
      Objects.requireNonNull(meter, "meter");
      if (meter.isBlank()) {
        throw new IllegalArgumentException("meter must not be blank");
      }
      return meter;
    }

    private static double finite(double bound) {
      if (!Double.isFinite(bound)) {
        throw new IllegalArgumentException("bound must be a finite number, was: " + bound);
      }
      return bound;
    }
  }
}
