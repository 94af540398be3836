package dev.strata.metrics;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The samples of one counter taken at each {@link HealthReport} evaluation, enough of them to answer
 * "how much did it grow in the last window". Only samples back to the newest one at least a window
 * old are kept, so memory is bounded by the evaluations per window.
 */
final class IncreaseWindow {

  private record Sample(long at, double value) {}

  private final long windowNanos;
  private final Deque<Sample> samples = new ArrayDeque<>();

  /**
   * @param previousEvaluation the report's previous evaluation time, or {@code Long.MIN_VALUE} at the
   *                           first: a counter first seen later was created since then, from zero
   */
  IncreaseWindow(Duration window, long previousEvaluation) {
    this.windowNanos = window.toNanos();
    if (previousEvaluation != Long.MIN_VALUE) {
      samples.add(new Sample(previousEvaluation, 0));
    }
  }

  /** Records {@code value} at {@code now} and returns its increase over the window (0 on the first sample). */
  double increase(long now, double value) {
    // Drop samples older than the newest one that is at least a window old: that one is the baseline.
    while (samples.size() >= 2 && now - peekSecond().at() >= windowNanos) {
      samples.removeFirst();
    }
    Sample base = samples.isEmpty() ? new Sample(now, value) : samples.peekFirst();
    samples.addLast(new Sample(now, value));
    return Math.max(0, value - base.value());
  }

  private Sample peekSecond() {
    var it = samples.iterator();
    it.next();
    return it.next();
  }
}
