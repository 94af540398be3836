package dev.strata.cache.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks whose messages name the argument, the rule and the bad value. */
public final class Checks {

  /** Longest key or group name accepted, in characters. */
  public static final int MAX_KEY_LENGTH = 1_024;

  private Checks() {}

  /** A non-null, non-blank string. */
  public static String notBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank, was: '" + value + "'");
    }
    return value;
  }

  /** A cache key name: non-blank, at most {@value #MAX_KEY_LENGTH} characters. */
  public static String key(String value, String name) {
    notBlank(value, name);
    if (value.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(name + " must be at most " + MAX_KEY_LENGTH + " characters, was "
          + value.length() + ": '" + value.substring(0, 40) + "...'");
    }
    return value;
  }

  /** A group (or namespace): a key that contains no brace, since braces delimit the Cluster hash tag. */
  public static String group(String value) {
    return group(value, "group");
  }

  /** {@link #group(String)} for an argument called {@code name}. */
  public static String group(String value, String name) {
    key(value, name);
    if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
      throw new IllegalArgumentException(name + " must not contain '{' or '}' (they delimit the Redis Cluster hash tag), was: '"
          + value + "'");
    }
    return value;
  }

  /** A positive duration of at least one millisecond. */
  public static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.toMillis() < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 ms, was: " + value);
    }
    return value;
  }

  /** A duration that is zero or positive. */
  public static Duration notNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was: " + value);
    }
    return value;
  }
}
