package dev.strata.vector.internal;

import dev.strata.vector.CollectionSpec;
import dev.strata.vector.Distance;
import dev.strata.vector.Filter;
import dev.strata.vector.ScoredPoint;
import dev.strata.vector.SearchRequest;
import dev.strata.vector.VectorPoint;
import dev.strata.vector.VectorStatsListener;
import dev.strata.vector.VectorStoreException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An exact in-memory store: every search scores every point of the collection. For development,
 * tests and small data sets; scores, ordering, filters, thresholds and shard keys follow Qdrant.
 */
public final class InMemoryVectorStore extends AbstractVectorStore {

  private record Stored(float[] vector, Map<String, Object> payload, String shardKey) {}

  private static final class Coll {
    final CollectionSpec spec;
    final Set<String> shardKeys = ConcurrentHashMap.newKeySet();
    final Map<UUID, Stored> points = new LinkedHashMap<>();
    final ReadWriteLock lock = new ReentrantReadWriteLock();

    Coll(CollectionSpec spec) {
      this.spec = spec;
    }
  }

  private final Map<String, Coll> collections = new ConcurrentHashMap<>();

  public InMemoryVectorStore(VectorStatsListener listener) {
    super(listener);
  }

  @Override
  protected CollectionSpec lookup(String collection) {
    Coll c = collections.get(collection);
    return c == null ? null : c.spec;
  }

  @Override
  protected void create(CollectionSpec spec) {
    collections.putIfAbsent(spec.name(), new Coll(spec));
  }

  @Override
  protected void drop(String collection) {
    collections.remove(collection);
  }

  @Override
  protected void createShardKey(CollectionSpec spec, String shardKey) {
    coll(spec).shardKeys.add(shardKey);
  }

  @Override
  protected int[] store(CollectionSpec spec, List<VectorPoint> points, String shardKey) {
    Coll c = coll(spec);
    if (shardKey != null && !c.shardKeys.contains(shardKey)) {
      throw new VectorStoreException("shard key " + shardKey + " does not exist in collection " + spec.name(), null, false);
    }
    c.lock.writeLock().lock();
    try {
      for (VectorPoint p : points) {
        float[] v = spec.distance() == Distance.COSINE ? VectorMath.normalized(p.vector()) : p.vector();
        c.points.put(p.id(), new Stored(v, p.payload(), shardKey));
      }
    } finally {
      c.lock.writeLock().unlock();
    }
    return new int[] {1, 0};
  }

  @Override
  protected void remove(CollectionSpec spec, Collection<UUID> ids) {
    Coll c = coll(spec);
    c.lock.writeLock().lock();
    try {
      ids.forEach(c.points::remove);
    } finally {
      c.lock.writeLock().unlock();
    }
  }

  @Override
  protected void remove(CollectionSpec spec, Filter filter) {
    Coll c = coll(spec);
    c.lock.writeLock().lock();
    try {
      c.points.values().removeIf(s -> matches(filter, s.payload));
    } finally {
      c.lock.writeLock().unlock();
    }
  }

  @Override
  protected List<ScoredPoint> find(CollectionSpec spec, SearchRequest request) {
    Coll c = coll(spec);
    float[] query = spec.distance() == Distance.COSINE ? VectorMath.normalized(request.vector()) : request.vector();
    List<ScoredPoint> hits = new ArrayList<>();
    c.lock.readLock().lock();
    try {
      for (Map.Entry<UUID, Stored> e : c.points.entrySet()) {
        Stored s = e.getValue();
        if (request.shardKey() != null && !request.shardKey().equals(s.shardKey)) {
          continue;
        }
        if (!matches(request.filter(), s.payload)) {
          continue;
        }
        float score = VectorMath.score(spec.distance(), query, s.vector);
        if (VectorMath.passes(spec.distance(), score, request.scoreThreshold())) {
          hits.add(new ScoredPoint(spec.name(), e.getKey(), score, request.withPayload() ? s.payload : Map.of()));
        }
      }
    } finally {
      c.lock.readLock().unlock();
    }
    return merge(hits, spec.distance(), request.limit());
  }

  @Override
  protected long countPoints(CollectionSpec spec, Filter filter) {
    Coll c = coll(spec);
    c.lock.readLock().lock();
    try {
      return c.points.values().stream().filter(s -> matches(filter, s.payload)).count();
    } finally {
      c.lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    collections.clear();
  }

  private Coll coll(CollectionSpec spec) {
    Coll c = collections.get(spec.name());
    if (c == null) {
      throw new IllegalArgumentException("collection must exist, unknown: " + spec.name());
    }
    return c;
  }

  /** Whether every condition of {@code filter} holds for {@code payload}. */
  static boolean matches(Filter filter, Map<String, Object> payload) {
    for (Filter.Match m : filter.conditions()) {
      Object v = payload.get(m.field());
      if (v == null || !m.values().contains(v)) {
        return false;
      }
    }
    return true;
  }
}
