package dev.strata.core.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits a random time between half and all
 * of {@code min(max, initial × 2^(n−1))}. Half the delay is kept so that a retry never comes back
 * almost at once (which full jitter, 0 to all, allows), the other half spreads the retries of many
 * callers that failed together. The one formula for every retry loop in Strata (the outbox, the
 * Qdrant calls).
 */
public final class Backoff {

  private Backoff() {}

  /**
   * The delay before retry number {@code attempt} (1 = after the first failure), in milliseconds,
   * at least 1.
   *
   * @param initialMillis the uncapped delay of the first retry, at least 1
   * @param maxMillis     the cap, at least {@code initialMillis}
   */
  public static long equalJitterMillis(long initialMillis, long maxMillis, int attempt) {
    if (initialMillis < 1 || maxMillis < initialMillis) {
      throw new IllegalArgumentException("initialMillis must be >= 1 and maxMillis >= initialMillis, was: "
          + initialMillis + ", " + maxMillis);
    }
    int doublings = Math.min(Math.max(0, attempt - 1), Long.numberOfLeadingZeros(initialMillis) - 1);
    long cap = Math.min(maxMillis, initialMillis << doublings);
    return ThreadLocalRandom.current().nextLong(Math.max(1, cap / 2), cap + 1);
  }
}
