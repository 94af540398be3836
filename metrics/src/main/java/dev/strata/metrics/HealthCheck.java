package dev.strata.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * One rule of a {@link HealthReport}: a value read from the registry and a bound it must not cross.
 * The value is one of
 * <ul>
 *   <li>{@link #gauge}: the current value of every meter of a name — a gauge's value, a counter's
 *       count, a time gauge in seconds;</li>
 *   <li>{@link #ratio}: one meter's value over another's, for each tag combination both have
 *       (e.g. {@code hikaricp.connections.active} over {@code hikaricp.connections.max}); NaN when the
 *       denominator is 0;</li>
 *   <li>{@link #increase}: how much a counter grew over a trailing window, sampled at each
 *       evaluation (e.g. slow statements in the last five minutes).</li>
 * </ul>
 * Each tag combination is judged on its own. Complete a check with {@link #above} or {@link #below}.
 *
 * <pre>{@code
 * HealthCheck.gauge("pool.usage", "strata.pool.usage").above(0.8)
 * HealthCheck.increase("sql.slow", "strata.sql.slow", Duration.ofMinutes(5)).above(0)
 * }</pre>
 */
public final class HealthCheck {

  enum Kind { GAUGE, RATIO, INCREASE }

  private final String name;
  private final Kind kind;
  private final String meter;
  private final String denominator;
  private final Duration window;
  private final Double bound;
  private final boolean above;

  private HealthCheck(String name, Kind kind, String meter, String denominator, Duration window, Double bound,
      boolean above) {
    this.name = name;
    this.kind = kind;
    this.meter = meter;
    this.denominator = denominator;
    this.window = window;
    this.bound = bound;
    this.above = above;
  }

  /** The value of each meter named {@code meter}. */
  public static HealthCheck gauge(String name, String meter) {
    return new HealthCheck(text(name, "name"), Kind.GAUGE, text(meter, "meter"), null, null, null, true);
  }

  /** {@code numerator} over {@code denominator}, for each tag combination that both meters have. */
  public static HealthCheck ratio(String name, String numerator, String denominator) {
    return new HealthCheck(text(name, "name"), Kind.RATIO, text(numerator, "numerator"),
        text(denominator, "denominator"), null, null, true);
  }

  /**
   * How much each counter named {@code meter} grew in the last {@code window} (to within one
   * evaluation period). A counter that exists at the report's first evaluation counts from then; one
   * that appears later counts from zero.
   *
   * @param window at least 1 ms
   */
  public static HealthCheck increase(String name, String meter, Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.toMillis() < 1) {
      throw new IllegalArgumentException("window must be >= 1 ms, was: " + window);
    }
    return new HealthCheck(text(name, "name"), Kind.INCREASE, text(meter, "meter"), null, window, null, true);
  }

  /** Breached while the value is greater than {@code bound}. */
  public HealthCheck above(double bound) {
    return new HealthCheck(name, kind, meter, denominator, window, finite(bound), true);
  }

  /** Breached while the value is less than {@code bound}. */
  public HealthCheck below(double bound) {
    return new HealthCheck(name, kind, meter, denominator, window, finite(bound), false);
  }

  /** The check's name, as given. */
  public String name() {
    return name;
  }

  /** The rule as text, e.g. {@code strata.pool.usage > 0.8}. */
  public String threshold() {
    String value = switch (kind) {
      case GAUGE -> meter;
      case RATIO -> meter + " / " + denominator;
      case INCREASE -> "increase(" + meter + ", " + window + ")";
    };
    return value + (bound == null ? " (no bound)" : (above ? " > " : " < ") + bound);
  }

  Kind kind() {
    return kind;
  }

  String meter() {
    return meter;
  }

  String denominator() {
    return denominator;
  }

  Duration window() {
    return window;
  }

  boolean hasBound() {
    return bound != null;
  }

  double bound() {
    return bound;
  }

  boolean breached(double value) {
    return above ? value > bound : value < bound;
  }

  @Override
  public String toString() {
    return name + ": " + threshold();
  }

  private static String text(String value, String argument) {
    Objects.requireNonNull(value, argument);
    if (value.isBlank()) {
      throw new IllegalArgumentException(argument + " must not be blank");
    }
    return value;
  }

  private static double finite(double bound) {
    if (!Double.isFinite(bound)) {
      throw new IllegalArgumentException("bound must be a finite number, was: " + bound);
    }
    return bound;
  }
}
