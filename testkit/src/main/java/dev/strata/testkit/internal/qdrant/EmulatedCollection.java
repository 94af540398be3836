package dev.strata.testkit.internal.qdrant;

import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.ShardingMethod;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * One collection of the emulator: the create request as received (its config is echoed back by
 * {@code Get}), payload indexes, shard keys and points. Guarded by its own monitor.
 *
 * <p>A keyword or integer payload index created through the API is kept, as in Qdrant, as a map from
 * each value to the points holding it ({@link #candidates}): a filter with a top-level {@code must}
 * match on such a field is answered from that value's points instead of every point of the
 * collection, so a tenant's search costs what the tenant holds, as it does in Qdrant (whose
 * {@code is_tenant} index keeps each tenant's points together). The full filter is still applied to
 * every candidate, and candidates come in the scan's order, so results are the scan's.
 */
final class EmulatedCollection {

  /** A stored point: vector (normalized for cosine, as Qdrant does), payload, shard key (or null). */
  record Point(float[] vector, Map<String, Value> payload, String shardKey) {}

  final CreateCollection config;
  final int dimension;
  final Distance distance;
  final boolean customSharding;
  final Map<String, PayloadSchemaInfo> payloadSchema = new ConcurrentHashMap<>();
  final Set<String> shardKeys = ConcurrentHashMap.newKeySet();
  /**
   * Keyed by the point id's canonical text (a UUID string or an unsigned number), in insertion order
   * (an overwrite keeps a point's place). Read under the monitor; changed only through {@link #put},
   * {@link #remove} and {@link #removeMatching}, which keep the payload indexes.
   */
  private final Map<String, Point> points = new LinkedHashMap<>();
  /** Each stored point's place in {@link #points}' order: a counter taken when its id was first stored. */
  private final Map<String, Long> places = new HashMap<>();
  private long nextPlace;
  /** Payload field → indexed value (a String for a keyword index, a Long for an integer one) → points by place. */
  private final Map<String, Map<Object, NavigableMap<Long, String>>> indexes = new HashMap<>();
  /** For each indexed field, whether its index holds integers (else keywords). */
  private final Map<String, Boolean> integerIndexes = new HashMap<>();

  EmulatedCollection(CreateCollection config) {
    this.config = config;
    this.dimension = (int) config.getVectorsConfig().getParams().getSize();
    this.distance = config.getVectorsConfig().getParams().getDistance();
    this.customSharding = config.getShardingMethod() == ShardingMethod.Custom;
  }

  /** Stores (or overwrites in place) a point. */
  synchronized void put(String id, Point point) {
    Point old = points.put(id, point);
    if (old == null) {
      places.put(id, nextPlace++);
    } else {
      index(id, old, false);
    }
    index(id, point, true);
  }

  /** The point stored under {@code id}, or null. */
  synchronized Point get(String id) {
    return points.get(id);
  }

  /** Removes a point; true if it was there. */
  synchronized boolean remove(String id) {
    Point old = points.remove(id);
    if (old == null) {
      return false;
    }
    index(id, old, false);
    places.remove(id);
    return true;
  }

  /** Removes the points {@code filter} (null: every point) matches within the shard keys (empty: all). */
  synchronized void removeMatching(Set<String> shardKeys, Filter filter) {
    List<String> gone = new ArrayList<>();
    forEachMatching(shardKeys, filter, (id, p) -> gone.add(id));
    gone.forEach(this::remove);
  }

  /** Number of points {@code filter} (null: every point) matches within the shard keys (empty: all). */
  synchronized long count(Set<String> shardKeys, Filter filter) {
    long[] n = {0};
    forEachMatching(shardKeys, filter, (id, p) -> n[0]++);
    return n[0];
  }

  /**
   * Calls {@code action} for each point {@code filter} (null: every point) matches within the shard
   * keys (empty: all), in insertion order. The filter is checked first ({@link Matching#check}).
   */
  synchronized void forEachMatching(Set<String> shardKeys, Filter filter, BiConsumer<String, Point> action) {
    if (filter != null) {
      Matching.check(filter);
    }
    for (String id : candidates(filter)) {
      Point p = points.get(id);
      if ((shardKeys.isEmpty() || shardKeys.contains(p.shardKey())) && (filter == null || Matching.matches(filter, id, p.payload()))) {
        action.accept(id, p);
      }
    }
  }

  /**
   * The ids of the points that can match {@code filter}, in insertion order: those holding the value
   * of the most selective top-level {@code must} keyword / integer match on an indexed field, or
   * else every point. A view: read it under the monitor, before any change.
   */
  synchronized Collection<String> candidates(Filter filter) {
    Collection<String> best = null;
    if (filter != null) {
      for (Condition c : filter.getMustList()) {
        Object value = c.hasField() && c.getField().hasMatch() ? indexedValue(c.getField().getKey(), c.getField().getMatch()) : null;
        if (value != null) {
          NavigableMap<Long, String> holders = indexes.get(c.getField().getKey()).get(value);
          Collection<String> ids = holders == null ? List.of() : holders.values();
          if (best == null || ids.size() < best.size()) {
            best = ids;
          }
        }
      }
    }
    return Collections.unmodifiableCollection(best != null ? best : points.keySet());
  }

  /** The index key a match looks up on {@code field}, or null when no index of that kind serves it. */
  private Object indexedValue(String field, Match match) {
    Boolean integer = integerIndexes.get(field);
    if (integer == null) {
      return null;
    }
    return switch (match.getMatchValueCase()) {
      case KEYWORD -> integer ? null : match.getKeyword();
      case INTEGER -> integer ? match.getInteger() : null;
      default -> null;
    };
  }

  /**
   * Keeps a keyword (or integer) index on {@code field} from now on, built from the points stored;
   * other types of index only change the schema {@code Get} reports.
   */
  synchronized void createIndex(String field, PayloadSchemaInfo info) {
    payloadSchema.put(field, info);
    indexes.remove(field);
    integerIndexes.remove(field);
    PayloadSchemaType type = info.getDataType();
    if (type == PayloadSchemaType.Keyword || type == PayloadSchemaType.Integer) {
      integerIndexes.put(field, type == PayloadSchemaType.Integer);
      indexes.put(field, new HashMap<>());
      points.forEach((id, p) -> index(id, p, true));
    }
  }

  /** Adds the point to (or removes it from) every index its payload values belong to. */
  private void index(String id, Point p, boolean add) {
    long place = places.get(id);
    integerIndexes.forEach((field, integer) -> {
      Value v = p.payload().get(field);
      if (v == null) {
        return;
      }
      Map<Object, NavigableMap<Long, String>> byValue = indexes.get(field);
      for (Value x : Matching.values(v)) {
        Object key = integer ? (x.hasIntegerValue() ? (Object) x.getIntegerValue() : null) : (x.hasStringValue() ? x.getStringValue() : null);
        if (key == null) {
          continue;
        }
        if (add) {
          byValue.computeIfAbsent(key, k -> new TreeMap<>()).put(place, id);
        } else {
          NavigableMap<Long, String> holders = byValue.get(key);
          if (holders != null && holders.remove(place) != null && holders.isEmpty()) {
            byValue.remove(key);
          }
        }
      }
    });
  }

  synchronized CollectionInfo info() {
    var params = io.qdrant.client.grpc.Collections.CollectionParams.newBuilder()
        .setVectorsConfig(config.getVectorsConfig())
        .setShardNumber(config.hasShardNumber() ? config.getShardNumber() : 1)
        .setShardingMethod(config.getShardingMethod());
    var cfg = io.qdrant.client.grpc.Collections.CollectionConfig.newBuilder()
        .setParams(params)
        .setHnswConfig(config.getHnswConfig());
    return CollectionInfo.newBuilder()
        .setStatus(CollectionStatus.Green)
        .setConfig(cfg)
        .setPointsCount(points.size())
        .putAllPayloadSchema(new LinkedHashMap<>(payloadSchema))
        .build();
  }
}
