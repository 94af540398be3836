package dev.strata.vector;

import dev.strata.vector.internal.Checks;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A point to store: id, dense vector and payload. Payload values are {@code String}, {@code Long}
 * (or another integral number), {@code Double} (or {@code Float}) or {@code Boolean}; integral
 * numbers come back as {@code Long} and fractional ones as {@code Double}.
 *
 * <p>The vector is copied on construction and on {@link #vector()}, so a point is immutable.
 */
public final class VectorPoint {

  private final UUID id;
  private final float[] vector;
  private final Map<String, Object> payload;

  private VectorPoint(UUID id, float[] vector, Map<String, Object> payload) {
    this.id = Objects.requireNonNull(id, "id");
    this.vector = Objects.requireNonNull(vector, "vector").clone();
    this.payload = Checks.payload(payload, "payload");
  }

  /** A point with a payload (checked: keys non-blank, values of the supported types). */
  public static VectorPoint of(UUID id, float[] vector, Map<String, ?> payload) {
    return new VectorPoint(id, vector, Map.copyOf(Objects.requireNonNull(payload, "payload")));
  }

  /** A point without payload. */
  public static VectorPoint of(UUID id, float[] vector) {
    return new VectorPoint(id, vector, Map.of());
  }

  /** The point id. */
  public UUID id() {
    return id;
  }

  /** A copy of the vector. */
  public float[] vector() {
    return vector.clone();
  }

  /** The vector's length. */
  public int dimension() {
    return vector.length;
  }

  /** The payload (immutable). */
  public Map<String, Object> payload() {
    return payload;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorPoint p && id.equals(p.id) && Arrays.equals(vector, p.vector) && payload.equals(p.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, Arrays.hashCode(vector), payload);
  }

  @Override
  public String toString() {
    return "VectorPoint[id=" + id + ", dimension=" + vector.length + ", payload=" + payload + "]";
  }
}
