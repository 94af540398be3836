package dev.strata.cache.internal;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/** Argument checks whose messages name the argument, the rule and the bad value. */
public final class Checks {

  /** Longest key or group name accepted, in characters. */
  public static final int MAX_KEY_LENGTH = 1_024;

  private static final String GLOB = "*?[]\\";

  private Checks() {}

  /**
   * A non-null, non-blank string without unpaired surrogates. Every string checked here may become
   * Redis bytes (keys, patterns, messages), and UTF-8 encoders replace an unpaired surrogate with
   * {@code '?'}: "k" + U+D800 would be the key "k?", and in a pattern a wildcard.
   */
  public static String notBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank, was: '" + value + "'");
    }
    int bad = unpairedSurrogate(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(name + " must be well-formed UTF-16 (no unpaired surrogate), was an unpaired \\u"
          + HexFormat.of().withUpperCase().toHexDigits(value.charAt(bad)) + " at index " + bad);
    }
    return value;
  }

  /** The index of the first unpaired surrogate of {@code s}, or -1. */
  static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A cache key name (or group): non-blank, well-formed, at most {@value #MAX_KEY_LENGTH} characters,
   * not starting with '{' — below the namespace that is the form of grouped keys and generations
   * ({@code {group}:gen}, {@code {group}:<generation>:name}), which an ungrouped key must not reach.
   */
  public static String key(String value, String name) {
    notBlank(value, name);
    if (value.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(name + " must be at most " + MAX_KEY_LENGTH + " characters, was "
          + value.length() + ": '" + value.substring(0, 40) + "...'");
    }
    if (value.charAt(0) == '{') {
      throw new IllegalArgumentException(name + " must not start with '{' (an ungrouped key would collide with grouped keys "
          + "and generations), was: '" + value + "'");
    }
    return value;
  }

  /** A group: a key without braces or glob metacharacters (see {@link #group(String, String)}). */
  public static String group(String value) {
    return group(value, "group");
  }

  /**
   * A group or namespace called {@code name}: a {@link #key} that contains no brace, since braces
   * delimit the Cluster hash tag, and none of the glob metacharacters {@code * ? [ ] \}, so that it
   * matches only itself wherever it appears in a SCAN pattern (a namespace {@code x*} would let
   * {@code invalidateMatching} delete namespace {@code xy}'s keys).
   */
  public static String group(String value, String name) {
    key(value, name);
    if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
      throw new IllegalArgumentException(name + " must not contain '{' or '}' (they delimit the Redis Cluster hash tag), was: '"
          + value + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      if (GLOB.indexOf(value.charAt(i)) >= 0) {
        throw new IllegalArgumentException(name + " must not contain any of * ? [ ] \\ (a namespace or group is literal in "
            + "Redis glob patterns), was: '" + value + "'");
      }
    }
    return value;
  }

  /**
   * Longest TTL accepted (3650 days): practically forever for a cache, and far from where millisecond
   * arithmetic on epoch times overflows.
   */
  public static final Duration MAX_TTL = Duration.ofDays(3_650);
  /**
   * Longest command timeout or breaker open time accepted (1 day); Lettuce keeps its connect timeout
   * in an int of milliseconds, which ends at about 24.8 days.
   */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(1);

  /** A positive duration of at least one millisecond. */
  public static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(ONE_MS) < 0) { // not toMillis(): it overflows for huge durations
      throw new IllegalArgumentException(name + " must be at least 1 ms, was: " + value);
    }
    return value;
  }

  /** A duration of at least one millisecond and at most {@code max}. */
  public static Duration positive(Duration value, String name, Duration max) {
    return atMost(positive(value, name), name, max);
  }

  /** A TTL: at least one millisecond, at most {@link #MAX_TTL}. */
  public static Duration ttl(Duration value, String name) {
    return positive(value, name, MAX_TTL);
  }

  /** A duration that is zero or positive. */
  public static Duration notNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was: " + value);
    }
    return value;
  }

  /** A duration that is zero or positive and at most {@code max}. */
  public static Duration notNegative(Duration value, String name, Duration max) {
    return atMost(notNegative(value, name), name, max);
  }

  private static final Duration ONE_MS = Duration.ofMillis(1);

  private static Duration atMost(Duration value, String name, Duration max) {
    if (value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + max.toDays() + " days (" + max + "), was: "
          + value);
    }
    return value;
  }
}
