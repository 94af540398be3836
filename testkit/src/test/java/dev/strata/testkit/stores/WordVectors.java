package dev.strata.testkit.stores;

import java.util.Locale;
import java.util.Map;

/**
 * A deterministic 16-dimension embedding for the store tests: eight topic words each own an axis,
 * any other word lands on one of the eight remaining axes by its hash; the sum is L2-normalized.
 * Texts sharing topic words are close, so expected search results can be read off the texts.
 */
final class WordVectors {

  static final int DIMENSION = 16;
  private static final Map<String, Integer> TOPICS = Map.of(
      "spring", 0, "launch", 1, "budget", 2, "invoice", 3, "social", 4, "post", 5, "calendar", 6, "meeting", 7);

  private WordVectors() {}

  static float[] of(String text) {
    float[] v = new float[DIMENSION];
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (!w.isEmpty()) {
        v[TOPICS.getOrDefault(w, 8 + Math.floorMod(w.hashCode(), 8))] += 1f;
      }
    }
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    float norm = (float) Math.sqrt(sum);
    for (int i = 0; i < v.length; i++) {
      v[i] /= norm;
    }
    return v;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
