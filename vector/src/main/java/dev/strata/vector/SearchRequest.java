package dev.strata.vector;

import dev.strata.vector.internal.Checks;
import java.util.Objects;

/**
 * A nearest-neighbour search: query vector, result limit, optional payload filter, score threshold
 * and shard key. Immutable; the {@code with*} methods return a modified copy.
 *
 * <pre>{@code
 * SearchRequest.of(queryVector, 10).withFilter(Filter.keyword("kind", "draft"))
 * }</pre>
 */
public final class SearchRequest {

  /** Largest accepted {@link #limit()}. */
  public static final int MAX_LIMIT = 10_000;

  private final float[] vector;
  private final int limit;
  private final Filter filter;
  private final Float scoreThreshold;
  private final String shardKey;
  private final boolean withPayload;

  private SearchRequest(float[] vector, int limit, Filter filter, Float scoreThreshold, String shardKey, boolean withPayload) {
    this.vector = vector;
    this.limit = limit;
    this.filter = filter;
    this.scoreThreshold = scoreThreshold;
    this.shardKey = shardKey;
    this.withPayload = withPayload;
  }

  /** Search for the {@code limit} points closest to {@code vector} (checked: finite values, limit 1..{@value #MAX_LIMIT}). */
  public static SearchRequest of(float[] vector, int limit) {
    Objects.requireNonNull(vector, "vector");
    Checks.finite(vector, "vector");
    if (vector.length == 0) {
      throw new IllegalArgumentException("vector must not be empty");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", was: " + limit);
    }
    return new SearchRequest(vector.clone(), limit, Filter.empty(), null, null, true);
  }

  /** Only points whose payload matches {@code filter}. */
  public SearchRequest withFilter(Filter filter) {
    return new SearchRequest(vector, limit, Objects.requireNonNull(filter, "filter"), scoreThreshold, shardKey, withPayload);
  }

  /**
   * Only points scoring at least {@code threshold} (for {@link Distance#EUCLID}: at most, since the
   * score is a distance).
   */
  public SearchRequest withScoreThreshold(float threshold) {
    if (!Float.isFinite(threshold)) {
      throw new IllegalArgumentException("scoreThreshold must be finite, was: " + threshold);
    }
    return new SearchRequest(vector, limit, filter, threshold, shardKey, withPayload);
  }

  /** Search only the shard with this custom shard key (Qdrant distributed mode). */
  public SearchRequest withShardKey(String shardKey) {
    return new SearchRequest(vector, limit, filter, scoreThreshold, Checks.shardKey(shardKey, "shardKey"), withPayload);
  }

  /** Whether hits carry their payload (default true). */
  public SearchRequest withPayload(boolean withPayload) {
    return new SearchRequest(vector, limit, filter, scoreThreshold, shardKey, withPayload);
  }

  /** A copy of the query vector. */
  public float[] vector() {
    return vector.clone();
  }

  /** The query vector's length. */
  public int dimension() {
    return vector.length;
  }

  /** The maximum number of hits. */
  public int limit() {
    return limit;
  }

  /** The payload filter ({@link Filter#empty()} when none). */
  public Filter filter() {
    return filter;
  }

  /** The score threshold, or null when none. */
  public Float scoreThreshold() {
    return scoreThreshold;
  }

  /** The shard key, or null to search every shard. */
  public String shardKey() {
    return shardKey;
  }

  /** Whether hits carry their payload. */
  public boolean withPayload() {
    return withPayload;
  }
}
