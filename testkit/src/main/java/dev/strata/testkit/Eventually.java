package dev.strata.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Polls until something happens or a timeout passes, for effects that cross threads or processes
 * (a pub/sub message, replication, a server coming back). A test waits for the effect itself rather
 * than sleeping a guessed time, so it is as fast as the system and fails only when the effect never
 * comes.
 *
 * <pre>{@code
 * Eventually.within(Duration.ofSeconds(5), "b's L1 dropping the key", () -> b.get(key).isEmpty());
 * Eventually.within(Duration.ofSeconds(20), () -> "outbox drained, " + outbox.pending(topic) + " pending",
 *     () -> outbox.pending(topic) == 0);
 * long n = Eventually.succeeds(Duration.ofSeconds(15), "count after reconnect", () -> client.countAsync("c").get());
 * }</pre>
 *
 * <p>Failures are {@link AssertionError}s naming what did not happen and the timeout. An exception
 * thrown by a {@link Condition} is not waited out: it ends the wait at once (wrapped in an
 * {@code AssertionError} when checked). Only {@link #succeeds} retries on exceptions.
 */
public final class Eventually {

  /** How long to wait between two checks: {@value #DEFAULT_POLL_MILLIS} ms. */
  public static final long DEFAULT_POLL_MILLIS = 10;

  private Eventually() {}

  /** A check that may read from a server and so may throw. */
  @FunctionalInterface
  public interface Condition {
    /** Whether the awaited effect has happened. */
    boolean holds() throws Exception;
  }

  /**
   * Returns once {@code condition} holds, checking every {@value #DEFAULT_POLL_MILLIS} ms.
   *
   * @throws AssertionError if it still does not hold after {@code timeout}, naming {@code what}
   */
  public static void within(Duration timeout, String what, Condition condition) {
    Objects.requireNonNull(what, "what");
    within(timeout, () -> what, condition);
  }

  /**
   * As {@link #within(Duration, String, Condition)}, with a description built only on failure, so it
   * can carry the state that was waited on (a backlog, a stats snapshot).
   */
  public static void within(Duration timeout, Supplier<String> what, Condition condition) {
    checkTimeout(timeout);
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(condition, "condition");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check(condition, what)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what.get() + ": did not happen within " + timeout);
      }
      pause(what);
    }
  }

  /**
   * Calls {@code call} until it returns without throwing and returns its value: for a server that
   * refuses requests for a moment (a restart, a reconnect backoff).
   *
   * @throws AssertionError if it still throws after {@code timeout}, naming {@code what}, with the
   *     last exception as its cause
   */
  public static <T> T succeeds(Duration timeout, String what, Callable<T> call) {
    checkTimeout(timeout);
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(call, "call");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return call.call();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      } catch (Exception e) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError(what + ": still failing after " + timeout + ", last with " + e, e);
        }
      }
      pause(() -> what);
    }
  }

  private static boolean check(Condition condition, Supplier<String> what) {
    try {
      return condition.holds();
    } catch (RuntimeException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for: " + what.get(), e);
    } catch (Exception e) {
      throw new AssertionError("checking " + what.get() + " failed: " + e, e);
    }
  }

  private static void pause(Supplier<String> what) {
    try {
      Thread.sleep(DEFAULT_POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for: " + what.get(), e);
    }
  }

  private static void checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was: " + timeout);
    }
  }
}
