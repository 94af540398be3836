package dev.strata.vector.internal;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Argument checks of strata-vector. Each failure names the argument, the rule and the value, and
 * happens before anything is sent to a store or a provider.
 */
public final class Checks {

  private static final Pattern VENTURE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_-]{1,200}");
  private static final Pattern SHARD_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final int MAX_FIELD = 128;

  private Checks() {}

  /** A venture id: {@code [A-Za-z0-9_-]}, 1..64 characters (the rule of every venture id in this module). */
  public static String ventureId(String id, String arg) {
    Objects.requireNonNull(id, arg);
    if (id.isBlank()) {
      throw new IllegalArgumentException(arg + " must not be blank");
    }
    if (!VENTURE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(arg + " must be 1..64 characters of [A-Za-z0-9_-], was: '" + id + "'");
    }
    return id;
  }

  /**
   * A string that encodes to UTF-8 losslessly: no unpaired surrogate. Java's encoders replace one
   * with {@code '?'}, so "k" + U+D800 and "k?" would become the same bytes — the same
   * point id, the same payload value, the same embedding.
   */
  public static String wellFormed(String value, String arg) {
    Objects.requireNonNull(value, arg);
    int bad = unpairedSurrogate(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(arg + " must be well-formed UTF-16 (no unpaired surrogate), was an unpaired \\u"
          + HexFormat.of().withUpperCase().toHexDigits(value.charAt(bad)) + " at index " + bad);
    }
    return value;
  }

  /** The index of the first unpaired surrogate of {@code s}, or -1. */
  public static int unpairedSurrogate(String s) {
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

  /** A collection name: {@code [A-Za-z0-9_-]}, 1..200 characters. */
  public static String collectionName(String name, String arg) {
    Objects.requireNonNull(name, arg);
    if (!COLLECTION.matcher(name).matches()) {
      throw new IllegalArgumentException(arg + " must be 1..200 characters of [A-Za-z0-9_-], was: '" + name + "'");
    }
    return name;
  }

  /** A shard key: {@code [A-Za-z0-9_-]}, 1..64 characters. */
  public static String shardKey(String key, String arg) {
    Objects.requireNonNull(key, arg);
    if (!SHARD_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(arg + " must be 1..64 characters of [A-Za-z0-9_-], was: '" + key + "'");
    }
    return key;
  }

  /** A payload field name: not blank, at most 128 characters, no '.' or '[' (Qdrant's path syntax). */
  public static String fieldName(String field, String arg) {
    Objects.requireNonNull(field, arg);
    if (field.isBlank() || field.length() > MAX_FIELD || field.indexOf('.') >= 0 || field.indexOf('[') >= 0) {
      throw new IllegalArgumentException(arg + " must be a non-blank field name of at most " + MAX_FIELD
          + " characters without '.' or '[', was: '" + field + "'");
    }
    return wellFormed(field, arg);
  }

  /** Text that must not be null, empty or only whitespace, nor hold an unpaired surrogate (see {@link #wellFormed}). */
  public static String text(String value, String arg) {
    Objects.requireNonNull(value, arg);
    if (value.isBlank()) {
      throw new IllegalArgumentException(arg + " must not be blank");
    }
    return wellFormed(value, arg);
  }

  /** Every component finite (no NaN, no infinity). */
  public static float[] finite(float[] vector, String arg) {
    Objects.requireNonNull(vector, arg);
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new IllegalArgumentException(arg + " must have finite components, was " + vector[i] + " at index " + i);
      }
    }
    return vector;
  }

  /** A finite vector of exactly {@code dimension} components. */
  public static float[] vector(float[] vector, int dimension, String arg) {
    Objects.requireNonNull(vector, arg);
    if (vector.length != dimension) {
      throw new IllegalArgumentException(arg + " must have dimension " + dimension + ", was: " + vector.length);
    }
    return finite(vector, arg);
  }

  /**
   * A payload with checked keys and values normalized to {@code String}, {@code Long}, {@code Double}
   * or {@code Boolean}; returns an immutable copy.
   */
  public static Map<String, Object> payload(Map<String, ?> payload, String arg) {
    Objects.requireNonNull(payload, arg);
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : payload.entrySet()) {
      fieldName(e.getKey(), arg + " key");
      out.put(e.getKey(), payloadValue(e.getValue(), arg + "." + e.getKey()));
    }
    return Map.copyOf(out);
  }

  /** One payload value, normalized (integral numbers to Long, fractional to Double). */
  public static Object payloadValue(Object v, String arg) {
    Objects.requireNonNull(v, arg);
    if (v instanceof String str) {
      return wellFormed(str, arg);
    }
    if (v instanceof Boolean || v instanceof Long) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(arg + " must be finite, was: " + d);
      }
      return d;
    }
    throw new IllegalArgumentException(arg + " must be a String, integral number, floating-point number or Boolean, was: "
        + v.getClass().getName());
  }
}
