package dev.strata.vector;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The vector store SPI: collections of points with dense vectors and payloads, searched by nearest
 * neighbour with payload filters. Two implementations ship ({@link VectorStores#qdrant} and the exact
 * {@link VectorStores#inMemory}); both behave the same way, which one contract test checks.
 *
 * <p>Every method checks its arguments before anything is sent: a vector of the wrong dimension, a
 * NaN or infinite component, an unknown collection or a blank name fails with
 * {@link IllegalArgumentException} naming the argument and the rule. Failures of the store itself
 * surface as {@link VectorStoreException}.
 *
 * <p>Implementations are thread-safe.
 */
public interface VectorStore extends AutoCloseable {

  /**
   * Creates the collection if it does not exist, with its payload indexes; a no-op when it exists
   * with the same dimension and distance.
   *
   * @throws IllegalArgumentException if it exists with another dimension or distance
   */
  void ensureCollection(CollectionSpec spec);

  /** Whether the collection exists. */
  boolean collectionExists(String collection);

  /** Deletes the collection and its points; a no-op when it does not exist. */
  void deleteCollection(String collection);

  /** Creates the custom shard key in a collection created with {@link CollectionSpec#customSharding()}; idempotent. */
  void ensureShardKey(String collection, String shardKey);

  /**
   * Inserts or replaces {@code points} (by id). Large lists are sent in bounded chunks. An empty list
   * is a no-op.
   */
  default void upsert(String collection, List<VectorPoint> points) {
    upsert(collection, points, null);
  }

  /**
   * Inserts or replaces {@code points} in the shard with {@code shardKey} (null: automatic
   * placement, for collections without custom sharding).
   */
  void upsert(String collection, List<VectorPoint> points, String shardKey);

  /** Deletes the points with these ids (ids that do not exist are ignored). */
  void delete(String collection, Collection<UUID> ids);

  /** Deletes the points whose payload matches {@code filter} (which must not be empty). */
  void delete(String collection, Filter filter);

  /** The points of {@code collection} closest to the query, best first. */
  List<ScoredPoint> search(String collection, SearchRequest request);

  /**
   * The points of all {@code collections} closest to the query, best first, at most
   * {@link SearchRequest#limit()} in all. The collections must share dimension and distance.
   */
  List<ScoredPoint> search(List<String> collections, SearchRequest request);

  /** The number of points whose payload matches {@code filter} (exact). */
  long count(String collection, Filter filter);

  /** The spec of an existing collection. @throws IllegalArgumentException if it does not exist */
  CollectionSpec describe(String collection);

  /** Releases resources the store owns (not a client handed to it by the caller). */
  @Override
  void close();
}
