package dev.strata.metrics;

import io.micrometer.core.instrument.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The ratio of the increases of two cumulative counts over a trailing window, e.g. hits over
 * lookups in the last five minutes. It keeps a ring of samples of the two counts, at most one per
 * step ({@code window / STEPS}), taken when {@link #tick()} or {@link #value()} finds the step over;
 * the binder ticks before counting each event, so a sample holds the counts of the events before it.
 *
 * <p>{@link #value()} compares the counts now with the newest sample at least a window old (or the
 * first sample, while the binder is younger than the window). Counts cannot change without an event,
 * and an event after a full step always takes a sample, so the ratio covers the events of the last
 * {@code window} to {@code window + step}: a drop in hit ratio shows within one window, however long
 * the cache has been running.
 */
final class WindowedRatio {

  /** Samples per window: the window is exact to a twelfth of it. */
  static final int STEPS = 12;

  private final Clock clock;
  private final DoubleSupplier numerator;
  private final DoubleSupplier denominator;
  private final long windowNanos;
  private final long stepNanos;
  // STEPS + 2 samples span at least window + step, so the baseline is never overwritten too early.
  private final long[] at = new long[STEPS + 2];
  private final double[] num = new double[STEPS + 2];
  private final double[] den = new double[STEPS + 2];
  private int newest;
  private int size;
  private volatile long nextSampleAt;

  WindowedRatio(Clock clock, Duration window, DoubleSupplier numerator, DoubleSupplier denominator) {
    this.clock = clock;
    this.numerator = numerator;
    this.denominator = denominator;
    this.windowNanos = window.toNanos();
    this.stepNanos = Math.max(1, windowNanos / STEPS);
    sample(clock.monotonicTime());
  }

  /** Takes a sample if the current step is over; cheap otherwise (one clock read, one volatile read). */
  void tick() {
    long now = clock.monotonicTime();
    if (now >= nextSampleAt) {
      sample(now);
    }
  }

  /** Increase of the numerator over increase of the denominator in the window; NaN when the latter is 0. */
  synchronized double value() {
    long now = clock.monotonicTime();
    if (now >= nextSampleAt) {
      sample(now);
    }
    int base = baseline(now);
    double lookups = denominator.getAsDouble() - den[base];
    return lookups <= 0 ? Double.NaN : (numerator.getAsDouble() - num[base]) / lookups;
  }

  private int baseline(long now) {
    int oldest = Math.floorMod(newest - size + 1, at.length);
    for (int k = 0; k < size; k++) {
      int i = Math.floorMod(newest - k, at.length);
      if (now - at[i] >= windowNanos) {
        return i;
      }
    }
    return oldest;
  }

  private synchronized void sample(long now) {
    if (size > 0 && now < nextSampleAt) {
      return; // another thread took this step's sample
    }
    newest = size == 0 ? 0 : (newest + 1) % at.length;
    at[newest] = now;
    num[newest] = numerator.getAsDouble();
    den[newest] = denominator.getAsDouble();
    size = Math.min(size + 1, at.length);
    nextSampleAt = now + stepNanos;
  }
}
