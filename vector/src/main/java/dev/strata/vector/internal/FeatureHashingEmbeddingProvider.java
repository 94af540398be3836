package dev.strata.vector.internal;

import dev.strata.vector.EmbeddingProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A deterministic local embedding by feature hashing: lower-cased word unigrams and bigrams are
 * hashed (64-bit FNV-1a) into {@code dimension} signed buckets and the result is L2-normalized.
 * Texts that share words get close vectors; no model, no network, the same vector on every machine.
 * For demos and tests, not for semantic quality.
 */
public final class FeatureHashingEmbeddingProvider implements EmbeddingProvider {

  private final int dimension;

  public FeatureHashingEmbeddingProvider(int dimension) {
    if (dimension < 8 || dimension > 4096) {
      throw new IllegalArgumentException("dimension must be in 8..4096, was: " + dimension);
    }
    this.dimension = dimension;
  }

  @Override
  public String modelId() {
    return "strata/feature-hashing-v1";
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    List<float[]> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      out.add(vector(Checks.text(texts.get(i), "texts[" + i + "]")));
    }
    return out;
  }

  private float[] vector(String text) {
    float[] v = new float[dimension];
    String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    String previous = null;
    for (String w : words) {
      if (w.isEmpty()) {
        continue;
      }
      add(v, w, 1f);
      if (previous != null) {
        add(v, previous + " " + w, 0.5f);
      }
      previous = w;
    }
    return VectorMath.normalized(v);
  }

  private void add(float[] v, String feature, float weight) {
    long h = 0xcbf29ce484222325L;
    for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    int bucket = (int) Long.remainderUnsigned(h, dimension);
    v[bucket] += (h >>> 63) == 0 ? weight : -weight;
  }
}
