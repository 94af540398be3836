package dev.strata.vector;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A search hit: the collection it came from, the point id, its score (see {@link Distance}) and its
 * payload (empty when the search asked for none).
 *
 * @param collection the collection the point is stored in
 * @param id the point id
 * @param score similarity score, or the distance for {@link Distance#EUCLID}
 * @param payload the stored payload
 */
public record ScoredPoint(String collection, UUID id, float score, Map<String, Object> payload) {

  /** Checks the components and makes the payload immutable. */
  public ScoredPoint {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(id, "id");
    payload = Map.copyOf(Objects.requireNonNull(payload, "payload"));
  }
}
