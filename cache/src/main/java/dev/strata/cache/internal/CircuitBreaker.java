package dev.strata.cache.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Consecutive-failure circuit breaker. Closed: every call goes through. After {@code threshold}
 * consecutive failures it opens: calls are refused until {@code openNanos} have passed, then exactly
 * one caller is let through as a probe (half-open); its success closes the breaker, its failure opens
 * it again.
 */
final class CircuitBreaker {

  /** Called on state changes. */
  interface Transitions {
    void opened();

    void closed();
  }

  private static final long CLOSED = Long.MIN_VALUE;

  private final int threshold;
  private final long openNanos;
  private final Transitions transitions;
  private final LongSupplier nanoClock;
  private final AtomicInteger failures = new AtomicInteger();
  /** CLOSED, or the nanoTime from which a probe may go through. */
  private final AtomicLong retryAt = new AtomicLong(CLOSED);

  CircuitBreaker(int threshold, long openNanos, Transitions transitions) {
    this(threshold, openNanos, transitions, System::nanoTime);
  }

  /** With the clock given (tests step it by hand). */
  CircuitBreaker(int threshold, long openNanos, Transitions transitions, LongSupplier nanoClock) {
    this.threshold = threshold;
    this.openNanos = openNanos;
    this.transitions = transitions;
    this.nanoClock = nanoClock;
  }

  /** Whether a call may go to Redis now; when open and due, only the first caller gets true (the probe). */
  boolean allow() {
    long at = retryAt.get();
    if (at == CLOSED) {
      return true;
    }
    long now = nanoClock.getAsLong();
    // the probe pushes the retry time forward so that concurrent callers keep being refused
    return now - at >= 0 && retryAt.compareAndSet(at, now + openNanos);
  }

  boolean isOpen() {
    return retryAt.get() != CLOSED;
  }

  void success() {
    failures.set(0);
    long at = retryAt.get();
    if (at != CLOSED && retryAt.compareAndSet(at, CLOSED)) {
      transitions.closed();
    }
  }

  void failure() {
    long at = retryAt.get();
    if (at != CLOSED) {
      retryAt.set(nanoClock.getAsLong() + openNanos); // a failed probe
      return;
    }
    if (failures.incrementAndGet() >= threshold && retryAt.compareAndSet(CLOSED, nanoClock.getAsLong() + openNanos)) {
      failures.set(0);
      transitions.opened();
    }
  }

  /** Opens the breaker at once (e.g. the first connection attempt failed). */
  void forceOpen() {
    if (retryAt.compareAndSet(CLOSED, nanoClock.getAsLong() + openNanos)) {
      transitions.opened();
    }
  }
}
