package dev.strata.vector.internal;

import dev.strata.vector.CollectionSpec;
import dev.strata.vector.Distance;
import dev.strata.vector.Filter;
import dev.strata.vector.ScoredPoint;
import dev.strata.vector.SearchRequest;
import dev.strata.vector.VectorPoint;
import dev.strata.vector.VectorStatsListener;
import dev.strata.vector.VectorStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What both stores share: every argument is checked here, against the collection's spec, before an
 * implementation method runs; stats are reported here.
 */
public abstract class AbstractVectorStore implements VectorStore {

  /** The stats listener. */
  protected final VectorStatsListener listener;

  protected AbstractVectorStore(VectorStatsListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The spec of an existing collection, or null when it does not exist. */
  protected abstract CollectionSpec lookup(String collection);

  protected abstract void create(CollectionSpec spec);

  protected abstract void drop(String collection);

  protected abstract void createShardKey(CollectionSpec spec, String shardKey);

  /** Stores checked points; returns {chunks, retries}. */
  protected abstract int[] store(CollectionSpec spec, List<VectorPoint> points, String shardKey);

  protected abstract void remove(CollectionSpec spec, Collection<UUID> ids);

  protected abstract void remove(CollectionSpec spec, Filter filter);

  protected abstract List<ScoredPoint> find(CollectionSpec spec, SearchRequest request);

  protected abstract long countPoints(CollectionSpec spec, Filter filter);

  /** Searches several collections; the default searches one after the other and merges. */
  protected List<ScoredPoint> findAll(List<CollectionSpec> specs, SearchRequest request) {
    List<ScoredPoint> all = new ArrayList<>();
    for (CollectionSpec spec : specs) {
      all.addAll(find(spec, request));
    }
    return merge(all, specs.get(0).distance(), request.limit());
  }

  /** The best {@code limit} of {@code hits}, best first. */
  protected static List<ScoredPoint> merge(List<ScoredPoint> hits, Distance distance, int limit) {
    Comparator<ScoredPoint> byScore = Comparator.comparingDouble(ScoredPoint::score);
    hits.sort(distance.higherIsCloser() ? byScore.reversed() : byScore);
    return List.copyOf(hits.subList(0, Math.min(limit, hits.size())));
  }

  @Override
  public final void ensureCollection(CollectionSpec spec) {
    Objects.requireNonNull(spec, "spec");
    CollectionSpec existing = lookup(spec.name());
    if (existing == null) {
      create(spec);
      return;
    }
    if (existing.dimension() != spec.dimension() || existing.distance() != spec.distance()) {
      throw new IllegalArgumentException("collection " + spec.name() + " exists with dimension " + existing.dimension()
          + " and distance " + existing.distance() + ", not " + spec.dimension() + " and " + spec.distance());
    }
  }

  @Override
  public final boolean collectionExists(String collection) {
    return lookup(Checks.collectionName(collection, "collection")) != null;
  }

  @Override
  public final void deleteCollection(String collection) {
    if (lookup(Checks.collectionName(collection, "collection")) != null) {
      drop(collection);
    }
  }

  @Override
  public final void ensureShardKey(String collection, String shardKey) {
    CollectionSpec spec = spec(collection);
    Checks.shardKey(shardKey, "shardKey");
    if (!spec.customSharding()) {
      throw new IllegalArgumentException("collection " + collection + " does not use custom sharding, so shardKey must not be given");
    }
    createShardKey(spec, shardKey);
  }

  @Override
  public final void upsert(String collection, List<VectorPoint> points, String shardKey) {
    Objects.requireNonNull(points, "points");
    CollectionSpec spec = spec(collection);
    checkShardKey(spec, shardKey, true);
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < points.size(); i++) {
      VectorPoint p = Objects.requireNonNull(points.get(i), "points[" + i + "]");
      Checks.vector(p.vector(), spec.dimension(), "points[" + i + "].vector");
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException("points must have distinct ids, " + p.id() + " appears twice");
      }
    }
    if (points.isEmpty()) {
      return;
    }
    long t0 = System.nanoTime();
    int[] chunksAndRetries;
    try {
      chunksAndRetries = store(spec, List.copyOf(points), shardKey);
    } catch (RuntimeException e) {
      Listeners.notify(listener, l -> l.onStoreFailure("upsert", e));
      throw e;
    }
    long nanos = System.nanoTime() - t0;
    Listeners.notify(listener, l -> l.onUpsert(collection, points.size(), chunksAndRetries[0], chunksAndRetries[1], nanos));
  }

  @Override
  public final void delete(String collection, Collection<UUID> ids) {
    Objects.requireNonNull(ids, "ids");
    CollectionSpec spec = spec(collection);
    ids.forEach(id -> Objects.requireNonNull(id, "ids element"));
    if (!ids.isEmpty()) {
      remove(spec, new ArrayList<>(new LinkedHashSet<>(ids)));
    }
  }

  @Override
  public final void delete(String collection, Filter filter) {
    Objects.requireNonNull(filter, "filter");
    CollectionSpec spec = spec(collection);
    if (filter.isEmpty()) {
      throw new IllegalArgumentException("filter must not be empty (use deleteCollection to drop every point)");
    }
    remove(spec, filter);
  }

  @Override
  public final List<ScoredPoint> search(String collection, SearchRequest request) {
    Objects.requireNonNull(request, "request");
    CollectionSpec spec = spec(collection);
    checkSearch(spec, request);
    long t0 = System.nanoTime();
    List<ScoredPoint> hits = find(spec, request);
    long nanos = System.nanoTime() - t0;
    Listeners.notify(listener, l -> l.onSearch(collection, hits.size(), nanos));
    return hits;
  }

  @Override
  public final List<ScoredPoint> search(List<String> collections, SearchRequest request) {
    Objects.requireNonNull(collections, "collections");
    Objects.requireNonNull(request, "request");
    if (collections.isEmpty()) {
      throw new IllegalArgumentException("collections must not be empty");
    }
    if (new HashSet<>(collections).size() != collections.size()) {
      throw new IllegalArgumentException("collections must be distinct, was: " + collections);
    }
    List<CollectionSpec> specs = new ArrayList<>();
    for (String c : collections) {
      CollectionSpec spec = spec(c);
      checkSearch(spec, request);
      if (!specs.isEmpty() && specs.get(0).distance() != spec.distance()) {
        throw new IllegalArgumentException("collections must share one distance: " + specs.get(0).name() + " uses "
            + specs.get(0).distance() + ", " + c + " uses " + spec.distance());
      }
      specs.add(spec);
    }
    long t0 = System.nanoTime();
    List<ScoredPoint> hits = specs.size() == 1 ? find(specs.get(0), request) : findAll(specs, request);
    long nanos = System.nanoTime() - t0;
    Listeners.notify(listener, l -> l.onSearch(String.join(",", collections), hits.size(), nanos));
    return hits;
  }

  @Override
  public final long count(String collection, Filter filter) {
    Objects.requireNonNull(filter, "filter");
    return countPoints(spec(collection), filter);
  }

  @Override
  public final CollectionSpec describe(String collection) {
    return spec(collection);
  }

  /** The spec of {@code collection}; fails with IllegalArgumentException when it does not exist. */
  protected final CollectionSpec spec(String collection) {
    Checks.collectionName(collection, "collection");
    CollectionSpec spec = lookup(collection);
    if (spec == null) {
      throw new IllegalArgumentException("collection must exist (create it with ensureCollection), unknown: " + collection);
    }
    return spec;
  }

  private static void checkSearch(CollectionSpec spec, SearchRequest request) {
    if (request.dimension() != spec.dimension()) {
      throw new IllegalArgumentException("request.vector must have dimension " + spec.dimension() + " (collection "
          + spec.name() + "), was: " + request.dimension());
    }
    checkShardKey(spec, request.shardKey(), false);
  }

  private static void checkShardKey(CollectionSpec spec, String shardKey, boolean write) {
    if (shardKey != null) {
      Checks.shardKey(shardKey, "shardKey");
      if (!spec.customSharding()) {
        throw new IllegalArgumentException("collection " + spec.name() + " does not use custom sharding, so shardKey must not be given");
      }
    } else if (write && spec.customSharding()) {
      throw new IllegalArgumentException("shardKey must be given: collection " + spec.name() + " uses custom sharding");
    }
  }
}
