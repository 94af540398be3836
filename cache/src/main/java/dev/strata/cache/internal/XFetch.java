package dev.strata.cache.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Probabilistic early recomputation, "XFetch" (Vattani, Chierichetti, Lowenstein: Optimal
 * Probabilistic Cache Stampede Prevention, VLDB 2015). A reader recomputes a value before it expires
 * when {@code now - delta * beta * ln(rand) >= expiry}, where {@code delta} is how long the last
 * computation took: the probability is {@code exp(-(expiry - now) / (delta * beta))}, negligible far
 * from the expiry and rising to 1 at it, so among many readers of a hot key one recomputes shortly
 * before it expires and the others keep being served.
 */
final class XFetch {

  /** Past this many recompute times before expiry the probability is below e^-20: no draw is made. */
  static final double HORIZON = 20;

  private XFetch() {}

  /** From when draws are worth making ({@code Long.MAX_VALUE}: never, for beta 0). */
  static long drawFrom(long expireAtMs, int deltaMs, double beta) {
    return beta == 0 ? Long.MAX_VALUE : expireAtMs - (long) (deltaMs * beta * HORIZON);
  }

  /**
   * @param rand a uniform random number in (0, 1]
   */
  static boolean due(long nowMs, long expireAtMs, int deltaMs, double beta, double rand) {
    return nowMs - deltaMs * beta * Math.log(rand) >= expireAtMs;
  }

  /**
   * Whether a value that expires at {@code expireAtMs} and took {@code deltaMs} to compute is due for
   * early recomputation now: a draw, made only from {@code drawFromMs} on (see {@link #drawFrom}).
   */
  static boolean dueNow(long expireAtMs, int deltaMs, long drawFromMs, double beta) {
    if (drawFromMs == Long.MAX_VALUE) {
      return false;
    }
    long now = System.currentTimeMillis();
    return now >= drawFromMs && due(now, expireAtMs, deltaMs, beta, 1.0 - ThreadLocalRandom.current().nextDouble());
  }
}
