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
 * <p>A sample holds the counts of the events before it, and the events between two samples all fall
 * within one step after the first of them (the next event after a step takes a sample). So
 * {@link #value()} compares the counts now with the oldest sample at most {@code window + step} old:
 * every event of the last {@code window} is counted and none older than {@code window + step},
 * however long the cache has been running or however quiet it was — a drop in hit ratio an hour in
 * shows within one window.
 */
final class WindowedRatio {

  /** Samples per window: the window is exact to a twelfth of it. */
  static final int STEPS = 12;

  private final Clock clock;
  private final DoubleSupplier numerator;
  private final DoubleSupplier denominator;
  private final long windowNanos;
  private final long stepNanos;
  // At most STEPS + 2 samples (one step apart at least) lie within window + step: the ring keeps them all.
  private final long[] at = new long[STEPS + 3];
  private final double[] num = new double[STEPS + 3];
  private final double[] den = new double[STEPS + 3];
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

  /** The oldest sample within window + step; the newest is always one (value() samples when a step is over). */
  private int baseline(long now) {
    for (int k = size - 1; k > 0; k--) {
      int i = Math.floorMod(newest - k, at.length);
      if (now - at[i] <= windowNanos + stepNanos) {
        return i;
      }
    }
    return newest;
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
