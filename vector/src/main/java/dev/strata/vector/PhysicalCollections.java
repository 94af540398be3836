package dev.strata.vector;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Qdrant collections and shard keys {@link VentureVectors} has created or seen, so that a write
 * costs no existence check once its collection is known, and a read of a venture that never wrote
 * costs one look-up and no creation. Thread-safe.
 */
final class PhysicalCollections {

  private final VectorStore store;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final Set<String> knownShardKeys = ConcurrentHashMap.newKeySet();

  PhysicalCollections(VectorStore store) {
    this.store = store;
  }

  VectorStore store() {
    return store;
  }

  /** Creates the collection of {@code spec} unless it is known to exist. */
  void ensure(CollectionSpec spec) {
    if (!known.contains(spec.name())) {
      store.ensureCollection(spec);
      known.add(spec.name());
    }
  }

  /**
   * Creates shard key {@code key} of {@code physical} unless it is known to exist. It is known only
   * once a creation succeeded: after a failed one the next write tries again (creation is idempotent,
   * so two writers racing here both create it harmlessly).
   */
  void ensureShardKey(String physical, String key) {
    String known = physical + "\u0000" + key;
    if (!knownShardKeys.contains(known)) {
      store.ensureShardKey(physical, key);
      knownShardKeys.add(known);
    }
  }

  /** Whether {@code physical} exists (asking the store only while it is not known to). */
  boolean exists(String physical) {
    if (known.contains(physical)) {
      return true;
    }
    if (store.collectionExists(physical)) {
      known.add(physical);
      return true;
    }
    return false;
  }

  /** Deletes {@code physical} and forgets it. */
  void drop(String physical) {
    known.remove(physical);
    store.deleteCollection(physical);
  }
}
