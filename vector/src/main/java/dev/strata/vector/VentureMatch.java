package dev.strata.vector;

import java.util.Map;
import java.util.Objects;

/**
 * A hit of a venture-scoped search: the logical collection, the entry's key, the score and the
 * entry's payload (without Strata's reserved fields).
 *
 * @param collection the logical collection name
 * @param key the entry's key
 * @param score similarity score (see {@link Distance})
 * @param payload the entry's payload
 */
public record VentureMatch(String collection, String key, float score, Map<String, Object> payload) {

  /** Checks the components and makes the payload immutable. */
  public VentureMatch {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(key, "key");
    payload = Map.copyOf(Objects.requireNonNull(payload, "payload"));
  }
}
