package dev.strata.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** The one number a {@link HealthCheck} reads from a meter. */
final class MeterValues {

  private MeterValues() {}

  /**
   * A time gauge in seconds (whatever the registry's base unit), a gauge's value, a counter's count,
   * a timer's or summary's count, a long task timer's active tasks; else the first measurement.
   */
  static double of(Meter m) {
    if (m instanceof TimeGauge g) {
      return g.value(TimeUnit.SECONDS);
    }
    if (m instanceof Gauge g) {
      return g.value();
    }
    if (m instanceof Counter c) {
      return c.count();
    }
    if (m instanceof FunctionCounter c) {
      return c.count();
    }
    if (m instanceof Timer t) {
      return t.count();
    }
    if (m instanceof FunctionTimer t) {
      return t.count();
    }
    if (m instanceof DistributionSummary s) {
      return s.count();
    }
    if (m instanceof LongTaskTimer t) {
      return t.activeTasks();
    }
    for (Measurement x : m.measure()) {
      return x.getValue();
    }
    return Double.NaN;
  }

  /** {@code numerator} over the candidate whose tags equal its own; NaN when none or when it is 0. */
  static double ratio(Meter numerator, Iterable<Meter> candidates) {
    for (Meter d : candidates) {
      if (d.getId().getTags().equals(numerator.getId().getTags())) {
        double den = of(d);
        return den == 0 ? Double.NaN : of(numerator) / den;
      }
    }
    return Double.NaN;
  }
}
