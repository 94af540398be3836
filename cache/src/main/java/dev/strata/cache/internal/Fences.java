package dev.strata.cache.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The highest fence this instance knows per group (its own fenced invalidations, the other instances'
 * messages, every fenced Redis read). Used for loads whose Redis read failed or that have no Redis at
 * all. Fences only ever grow (unsigned order) and are never forgotten, not even when L1 is cleared:
 * a fence that is too high costs a fresher read, one that is too low a stale refill. One entry per
 * group ever fenced on this instance.
 *
 * <p>Redis holds a group's fence as exactly 16 lower-case hexadecimal digits ({@link #hex}), so the
 * scripts compare it without turning it into a Lua number (a double, which loses bits above 2^53).
 */
final class Fences {

  private final ConcurrentHashMap<String, Long> known = new ConcurrentHashMap<>();

  /** Records {@code fence} for {@code group} if it is higher than what is known (0 changes nothing). */
  void note(String group, long fence) {
    if (fence != 0) {
      known.merge(group, fence, Fences::max);
    }
  }

  /** The highest fence known for {@code group}; 0 when none. */
  long of(String group) {
    Long f = known.get(group);
    return f == null ? 0 : f;
  }

  static long max(long a, long b) {
    return Long.compareUnsigned(a, b) >= 0 ? a : b;
  }

  /** The fixed-width Redis form: 16 lower-case hexadecimal digits. */
  static String hex(long fence) {
    String h = Long.toHexString(fence);
    return "0000000000000000".substring(h.length()) + h;
  }

  /** Parses the Redis form; an empty or absent value is 0. */
  static long parse(String hex) {
    return hex == null || hex.isEmpty() ? 0 : Long.parseUnsignedLong(hex, 16);
  }
}
