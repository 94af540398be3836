package dev.strata.vector;

import dev.strata.vector.internal.Checks;
import java.util.Map;
import java.util.Objects;

/**
 * What a venture stores through {@link VentureVectors}: a key of its own choosing (e.g.
 * {@code "content_drafts/42"} or a content hash), a vector and a payload. The stored point id is
 * derived from the venture id and the key, so re-indexing the same key replaces the point and two
 * ventures can never overwrite each other's points.
 *
 * @param key the venture-local key (not blank, at most 512 characters)
 * @param vector the vector (copied)
 * @param payload payload values as in {@link VectorPoint}; must not use the reserved fields
 */
public record VectorEntry(String key, float[] vector, Map<String, Object> payload) {

  /** Checks the components and copies the vector and the payload. */
  public VectorEntry {
    Checks.text(key, "key");
    if (key.length() > 512) {
      throw new IllegalArgumentException("key must be at most 512 characters, was: " + key.length());
    }
    vector = Objects.requireNonNull(vector, "vector").clone();
    payload = Checks.payload(payload, "payload");
  }

  /** An entry without payload. */
  public static VectorEntry of(String key, float[] vector) {
    return new VectorEntry(key, vector, Map.of());
  }

  /** An entry with a payload. */
  public static VectorEntry of(String key, float[] vector, Map<String, ?> payload) {
    return new VectorEntry(key, vector, Map.copyOf(payload));
  }

  /** A copy of the vector. */
  @Override
  public float[] vector() {
    return vector.clone();
  }
}
