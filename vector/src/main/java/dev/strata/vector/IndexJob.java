package dev.strata.vector;

import dev.strata.vector.internal.Checks;
import dev.strata.vector.internal.Hashing;
import dev.strata.vector.internal.TextNormalizer;
import java.util.Map;
import java.util.Objects;

/**
 * A text to embed and store for a venture, carried through the outbox by {@link VectorIndexer}.
 *
 * @param ventureId the venture ({@code [A-Za-z0-9_-]}, 1..64 characters, as in {@link VentureVectors})
 * @param collection the logical collection of {@link VentureVectors}
 * @param text the text to embed (not blank)
 * @param key the entry key: the content key of the text ({@link #contentKey}) unless given
 * @param payload payload stored with the entry (values as in {@link VectorPoint})
 */
public record IndexJob(String ventureId, String collection, String text, String key, Map<String, Object> payload) {

  /**
   * Checks the components — the venture id by the rule of {@link VentureVectors}, so a job is
   * refused when it is made (inside the writer's transaction), not dead-lettered by the indexer
   * later; a null key becomes the text's content key.
   */
  public IndexJob {
    Checks.ventureId(ventureId, "ventureId");
    Checks.collectionName(collection, "collection");
    Checks.text(text, "text");
    key = key == null ? contentKey(text) : Checks.text(key, "key");
    payload = Checks.payload(payload, "payload");
  }

  /** A job keyed by its content: indexing the same text for the venture again replaces, never duplicates. */
  public static IndexJob of(String ventureId, String collection, String text) {
    return new IndexJob(ventureId, collection, text, null, Map.of());
  }

  /** This job with an explicit key (e.g. {@code "content_drafts/42"}, so an edited draft replaces its old entry). */
  public IndexJob withKey(String newKey) {
    return new IndexJob(ventureId, collection, text, Objects.requireNonNull(newKey, "key"), payload);
  }

  /** This job with a payload. */
  public IndexJob withPayload(Map<String, ?> newPayload) {
    return new IndexJob(ventureId, collection, text, key, Map.copyOf(Objects.requireNonNull(newPayload, "payload")));
  }

  /** The content key of a text: {@code "sha256:"} + the hex SHA-256 of its normalized form. */
  public static String contentKey(String text) {
    return "sha256:" + Hashing.sha256Hex("strata-content", TextNormalizer.normalize(Checks.text(text, "text")));
  }
}
