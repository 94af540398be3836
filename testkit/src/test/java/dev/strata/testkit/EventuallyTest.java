package dev.strata.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {

  private static final Duration LONG = Duration.ofMinutes(1);

  @Test
  void within_returnsOnTheFirstCheckThatHolds() {
    AtomicInteger checks = new AtomicInteger();
    Eventually.within(LONG, "the third check", () -> checks.incrementAndGet() == 3);
    assertEquals(3, checks.get());
  }

  @Test
  void within_conditionThatNeverHolds_failsNamingWhatAndTheTimeout() {
    AtomicInteger checks = new AtomicInteger();
    AssertionError e = assertThrows(AssertionError.class,
        () -> Eventually.within(Duration.ofMillis(30), () -> "the impossible after " + checks.get() + " checks",
            () -> checks.incrementAndGet() < 0));
    assertTrue(e.getMessage().matches("the impossible after \\d+ checks: did not happen within PT0\\.03S"), e.getMessage());
    assertTrue(checks.get() >= 2, "checked more than once: " + checks.get());
  }

  @Test
  void within_conditionThatThrows_endsTheWaitAtOnce() {
    AtomicInteger checks = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("boom");
    assertSame(boom, assertThrows(IllegalStateException.class, () -> Eventually.within(LONG, "x", () -> {
      checks.incrementAndGet();
      throw boom;
    })));
    IOException io = new IOException("down");
    AssertionError wrapped = assertThrows(AssertionError.class, () -> Eventually.within(LONG, "the server", () -> {
      checks.incrementAndGet();
      throw io;
    }));
    assertSame(io, wrapped.getCause());
    assertEquals("checking the server failed: java.io.IOException: down", wrapped.getMessage());
    assertEquals(2, checks.get());
  }

  @Test
  void succeeds_retriesWhileItThrows_thenReturnsTheValue() {
    AtomicInteger calls = new AtomicInteger();
    int value = Eventually.succeeds(LONG, "the third call", () -> {
      if (calls.incrementAndGet() < 3) {
        throw new IOException("not yet");
      }
      return 42;
    });
    assertEquals(42, value);
    assertEquals(3, calls.get());
  }

  @Test
  void succeeds_stillThrowingAtTheTimeout_failsWithTheLastException() {
    IOException down = new IOException("down");
    AssertionError e = assertThrows(AssertionError.class, () -> Eventually.succeeds(Duration.ofMillis(30), "a count", () -> {
      throw down;
    }));
    assertSame(down, e.getCause());
    assertTrue(e.getMessage().startsWith("a count: still failing after PT0.03S"), e.getMessage());
  }

  @Test
  void badArguments_areNamed() {
    assertEquals("timeout", assertThrows(NullPointerException.class, () -> Eventually.within(null, "x", () -> true)).getMessage());
    assertEquals("what", assertThrows(NullPointerException.class, () -> Eventually.within(LONG, (String) null, () -> true)).getMessage());
    assertEquals("condition", assertThrows(NullPointerException.class, () -> Eventually.within(LONG, "x", null)).getMessage());
    assertEquals("call", assertThrows(NullPointerException.class, () -> Eventually.succeeds(LONG, "x", null)).getMessage());
    assertEquals("timeout must be positive, was: PT0S",
        assertThrows(IllegalArgumentException.class, () -> Eventually.within(Duration.ZERO, "x", () -> true)).getMessage());
  }
}
