package dev.strata.vector.internal;

import dev.strata.vector.Distance;

/** Scores with Qdrant's semantics (cosine over normalized vectors, dot product, Euclidean distance). */
public final class VectorMath {

  private VectorMath() {}

  /** A unit-length copy of {@code v} (a zero vector stays zero), as Qdrant stores cosine vectors. */
  public static float[] normalized(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    float[] out = v.clone();
    if (sum > 0) {
      double norm = Math.sqrt(sum);
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (out[i] / norm);
      }
    }
    return out;
  }

  /** The score of {@code stored} (already normalized for cosine) against {@code query} (likewise). */
  public static float score(Distance distance, float[] query, float[] stored) {
    double acc = 0;
    if (distance == Distance.EUCLID) {
      for (int i = 0; i < query.length; i++) {
        double d = (double) query[i] - stored[i];
        acc += d * d;
      }
      return (float) Math.sqrt(acc);
    }
    for (int i = 0; i < query.length; i++) {
      acc += (double) query[i] * stored[i];
    }
    return (float) acc;
  }

  /** Whether {@code score} passes {@code threshold} (at least it, or at most for Euclidean distance). */
  public static boolean passes(Distance distance, float score, Float threshold) {
    if (threshold == null) {
      return true;
    }
    return distance.higherIsCloser() ? score >= threshold : score <= threshold;
  }
}
