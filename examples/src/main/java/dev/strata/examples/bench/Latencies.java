package dev.strata.examples.bench;

import java.util.Arrays;

/** Collects per-operation latencies in nanoseconds and reports percentiles in microseconds. */
final class Latencies {

  private long[] samples;
  private int size;

  Latencies(int expected) {
    this.samples = new long[Math.max(16, expected)];
  }

  void add(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  int count() {
    return size;
  }

  /** The p-th percentile (0 &lt; p &le; 100) in microseconds, nearest-rank method. */
  double percentileMicros(double p) {
    if (size == 0) {
      throw new IllegalStateException("no samples recorded");
    }
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.min(size, Math.max(1, rank)) - 1] / 1_000.0;
  }
}
