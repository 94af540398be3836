package dev.strata.vector;

/**
 * How similarity is scored, with Qdrant's semantics: {@link #COSINE} and {@link #DOT} rank higher
 * scores first; {@link #EUCLID} scores are distances and rank lower scores first.
 */
public enum Distance {
  /** Cosine similarity (vectors are normalized when stored, as Qdrant does). */
  COSINE,
  /** Dot product. */
  DOT,
  /** Euclidean distance: smaller is closer. */
  EUCLID;

  /** Whether a larger score means a closer match. */
  public boolean higherIsCloser() {
    return this != EUCLID;
  }
}
