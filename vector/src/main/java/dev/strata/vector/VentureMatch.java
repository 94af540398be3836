package dev.strata.vector;

import java.util.Map;
import java.util.Objects;

/**
 * A hit of a venture-scoped search: the venture it belongs to, the logical collection, the entry's
 * key, the score and the entry's payload (without Strata's reserved fields).
 *
 * @param ventureId the venture the entry belongs to (always the searching venture: a hit of another
 *     venture is refused before a match is made)
 * @param collection the logical collection name
 * @param key the entry's key
 * @param score similarity score (see {@link Distance})
 * @param payload the entry's payload
 */
public record VentureMatch(String ventureId, String collection, String key, float score, Map<String, Object> payload) {

  /** Checks the components and makes the payload immutable. */
  public VentureMatch {
    Objects.requireNonNull(ventureId, "ventureId");
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(key, "key");
    payload = Map.copyOf(Objects.requireNonNull(payload, "payload"));
  }
}
