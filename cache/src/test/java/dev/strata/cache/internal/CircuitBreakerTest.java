package dev.strata.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private static final long OPEN = 1_000;

  private final AtomicLong now = new AtomicLong(5_000);
  private final List<String> transitions = new ArrayList<>();
  private final CircuitBreaker breaker = new CircuitBreaker(3, OPEN, new CircuitBreaker.Transitions() {
    @Override
    public void opened() {
      transitions.add("opened");
    }

    @Override
    public void closed() {
      transitions.add("closed");
    }
  }, now::get);

  @Test
  void failures_belowThreshold_stayClosed() {
    breaker.failure();
    breaker.failure();
    assertFalse(breaker.isOpen());
    assertTrue(breaker.allow());
    assertEquals(List.of(), transitions);
  }

  @Test
  void success_resetsTheConsecutiveCount() {
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    assertFalse(breaker.isOpen());
  }

  @Test
  void failures_atThreshold_openOnceAndRefuseCalls() {
    for (int i = 0; i < 5; i++) {
      breaker.failure();
    }
    assertTrue(breaker.isOpen());
    assertFalse(breaker.allow());
    assertEquals(List.of("opened"), transitions);
  }

  @Test
  void open_afterTheOpenTime_letsExactlyOneProbeThrough() {
    open();
    now.addAndGet(OPEN - 1);
    assertFalse(breaker.allow(), "still open one nanosecond before the probe is due");
    now.addAndGet(1);
    assertTrue(breaker.allow(), "the probe");
    assertFalse(breaker.allow(), "a second caller while the probe runs");
    assertTrue(breaker.isOpen());
  }

  @Test
  void probeSuccess_closesTheBreaker() {
    open();
    now.addAndGet(OPEN);
    assertTrue(breaker.allow());
    breaker.success();
    assertFalse(breaker.isOpen());
    assertTrue(breaker.allow());
    assertEquals(List.of("opened", "closed"), transitions);
  }

  @Test
  void probeFailure_opensForAnotherFullPeriod() {
    open();
    now.addAndGet(OPEN);
    assertTrue(breaker.allow());
    now.addAndGet(10);
    breaker.failure();
    now.addAndGet(OPEN - 1);
    assertFalse(breaker.allow());
    now.addAndGet(1);
    assertTrue(breaker.allow());
    assertEquals(List.of("opened"), transitions, "a failed probe is not a new opening");
  }

  @Test
  void forceOpen_opensAtOnceAndOnlyOnce() {
    breaker.forceOpen();
    breaker.forceOpen();
    assertTrue(breaker.isOpen());
    assertFalse(breaker.allow());
    assertEquals(List.of("opened"), transitions);
  }

  private void open() {
    for (int i = 0; i < 3; i++) {
      breaker.failure();
    }
    assertTrue(breaker.isOpen());
  }
}
