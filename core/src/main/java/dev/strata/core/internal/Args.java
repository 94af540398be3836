package dev.strata.core.internal;

import java.util.regex.Pattern;

/**
 * Argument checks shared by core's classes: a null is a {@link NullPointerException} naming the
 * argument; any other failure is an {@link IllegalArgumentException} whose message names the
 * argument, the rule and the value. Not API.
 */
public final class Args {

  private Args() {}

  /** Rejects null with a {@link NullPointerException} "NAME must not be null". */
  public static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " must not be null");
    }
    return value;
  }

  /** Rejects ids below 1 (identity columns start at 1). */
  public static long id(long value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be a positive id, was: " + value);
    }
    return value;
  }

  /** Rejects ids that are null or below 1. */
  public static long id(Long value, String name) {
    return id(notNull(value, name).longValue(), name);
  }

  /** Rejects a value outside {@code 1..max}. */
  public static int limit(int value, int max, String name) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(name + " must be in 1.." + max + ", was: " + value);
    }
    return value;
  }

  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_-]{1,200}");
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** A vector collection name: 1..200 characters of {@code [A-Za-z0-9_-]} (strata-vector's rule). */
  public static String collectionName(String name, String arg) {
    notNull(name, arg);
    if (!COLLECTION.matcher(name).matches()) {
      throw new IllegalArgumentException(arg + " must be 1..200 characters of [A-Za-z0-9_-], was: '" + name + "'");
    }
    return name;
  }

  /** A non-null schema name that is a lower-case SQL identifier of at most 63 characters. */
  public static String schemaName(String schema, String arg) {
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(arg + " must be a lower-case SQL identifier of at most 63 characters, was: " + schema);
    }
    return schema;
  }

  /**
   * Text PostgreSQL can store unchanged: no NUL (text cannot hold it) and no unpaired surrogate (no
   * UTF-8 form: the driver would write '?' instead).
   */
  public static String storableText(String value, String name) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        throw new IllegalArgumentException(name + " must not contain NUL (U+0000), found at index " + i);
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(name + " must not contain an unpaired surrogate, found U+"
            + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + i);
      }
    }
    return value;
  }

  /** The longest duration any setting of strata-core takes: far beyond any sensible value, and its milliseconds fit a long. */
  public static final java.time.Duration MAX_DURATION = java.time.Duration.ofDays(365);

  /** {@code d} itself if at most {@link #MAX_DURATION}, which keeps millisecond arithmetic from overflowing. */
  public static java.time.Duration atMostAYear(java.time.Duration d, String name) {
    if (d.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + MAX_DURATION + " (365 days), was: " + d);
    }
    return d;
  }
}
