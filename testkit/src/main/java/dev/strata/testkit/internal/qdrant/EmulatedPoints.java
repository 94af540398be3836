package dev.strata.testkit.internal.qdrant;

import static dev.strata.testkit.internal.qdrant.EmulatedCollections.answer;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.ShardKey;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.CountResponse;
import io.qdrant.client.grpc.Points.CountResult;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.PointsGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's {@code qdrant.Points} service, on the client's generated base class: upsert,
 * delete (by ids or filter), query (nearest to a dense vector) and search (see {@link Searching}),
 * count, create field index. Other methods answer UNIMPLEMENTED, and so does a request setting any
 * field its handler does not honour ({@link Supported}).
 */
final class EmulatedPoints extends PointsGrpc.PointsImplBase {

  // read_consistency, ordering and timeout change nothing on one in-memory node, so they are honoured by ignoring them
  private static final Set<String> UPSERT_FIELDS = Set.of("collection_name", "wait", "points", "ordering", "shard_key_selector", "timeout");
  private static final Set<String> DELETE_FIELDS = Set.of("collection_name", "wait", "points", "ordering", "shard_key_selector", "timeout");
  private static final Set<String> COUNT_FIELDS = Set.of("collection_name", "filter", "exact", "read_consistency", "shard_key_selector", "timeout");
  private static final Set<String> QUERY_FIELDS = Set.of("collection_name", "query", "filter", "params", "score_threshold", "limit",
      "offset", "with_vectors", "with_payload", "read_consistency", "shard_key_selector", "timeout");
  private static final Set<String> SEARCH_FIELDS = Set.of("collection_name", "vector", "filter", "limit", "with_payload", "params",
      "score_threshold", "offset", "with_vectors", "read_consistency", "timeout", "shard_key_selector");

  private final EmulatedCollections collections;
  private final AtomicLong operationIds = new AtomicLong();

  EmulatedPoints(EmulatedCollections collections) {
    this.collections = collections;
  }

  static String shardKeyText(ShardKey key) {
    return key.hasKeyword() ? key.getKeyword() : "#" + key.getNumber();
  }

  static ShardKey shardKey(String text) {
    return text.startsWith("#") ? ShardKey.newBuilder().setNumber(Long.parseLong(text.substring(1))).build()
        : ShardKey.newBuilder().setKeyword(text).build();
  }

  private PointsOperationResponse done(boolean wait) {
    return PointsOperationResponse.newBuilder().setResult(UpdateResult.newBuilder()
        .setOperationId(operationIds.incrementAndGet())
        .setStatus(wait ? UpdateStatus.Completed : UpdateStatus.Acknowledged)).setTime(0.0001).build();
  }

  /** The shard keys a request selects (empty: all shards), checked against the collection. */
  private static Set<String> selected(EmulatedCollection c, boolean has, ShardKeySelector selector) {
    if (!has || selector.getShardKeysCount() == 0) {
      return Set.of();
    }
    if (!c.customSharding) {
      throw Status.INVALID_ARGUMENT.withDescription("Wrong input: Shard key selector requires custom sharding").asRuntimeException();
    }
    Set<String> keys = new java.util.HashSet<>();
    for (ShardKey k : selector.getShardKeysList()) {
      String t = shardKeyText(k);
      if (!c.shardKeys.contains(t)) {
        throw Status.NOT_FOUND.withDescription("Not found: Shard key " + t + " does not exist").asRuntimeException();
      }
      keys.add(t);
    }
    return keys;
  }

  @Override
  public void upsert(UpsertPoints request, StreamObserver<PointsOperationResponse> out) {
    answer(out, () -> {
      Supported.only(request, "UpsertPoints", UPSERT_FIELDS);
      EmulatedCollection c = collections.require(request.getCollectionName());
      Set<String> keys = selected(c, request.hasShardKeySelector(), request.getShardKeySelector());
      if (c.customSharding && keys.size() != 1) {
        throw Status.INVALID_ARGUMENT.withDescription("Wrong input: exactly one shard key must be given for custom sharding")
            .asRuntimeException();
      }
      String shard = keys.isEmpty() ? null : keys.iterator().next();
      List<Map.Entry<String, EmulatedCollection.Point>> prepared = new ArrayList<>();
      for (PointStruct p : request.getPointsList()) {
        Supported.only(p, "PointStruct", Set.of("id", "payload", "vectors"));
        List<Float> data = vectorData(p);
        if (data.size() != c.dimension) {
          throw Status.INVALID_ARGUMENT.withDescription("Wrong input: Vector dimension error: expected dim: " + c.dimension
              + ", got " + data.size()).asRuntimeException();
        }
        prepared.add(Map.entry(Matching.idKey(p.getId()),
            new EmulatedCollection.Point(Matching.prepare(c.distance, data), Map.copyOf(p.getPayloadMap()), shard)));
      }
      synchronized (c) {
        prepared.forEach(e -> c.put(e.getKey(), e.getValue()));
      }
      return done(request.getWait());
    });
  }

  @SuppressWarnings("deprecation") // clients before Qdrant 1.12's DenseVector still send the flat data field
  private static List<Float> vectorData(PointStruct p) {
    if (!p.getVectors().hasVector()) {
      throw Supported.unimplemented("only one unnamed dense vector per point is emulated");
    }
    var v = p.getVectors().getVector();
    Supported.only(v, "PointStruct.vectors.vector", Set.of("data", "dense"));
    return v.hasDense() ? v.getDense().getDataList() : v.getDataList();
  }

  @Override
  public void delete(DeletePoints request, StreamObserver<PointsOperationResponse> out) {
    answer(out, () -> {
      Supported.only(request, "DeletePoints", DELETE_FIELDS);
      EmulatedCollection c = collections.require(request.getCollectionName());
      Set<String> keys = selected(c, request.hasShardKeySelector(), request.getShardKeySelector());
      synchronized (c) {
        if (request.getPoints().hasPoints()) {
          request.getPoints().getPoints().getIdsList().forEach(id -> {
            String k = Matching.idKey(id);
            EmulatedCollection.Point p = c.get(k);
            if (p != null && (keys.isEmpty() || keys.contains(p.shardKey()))) {
              c.remove(k);
            }
          });
        } else if (request.getPoints().hasFilter()) {
          c.removeMatching(keys, request.getPoints().getFilter());
        } else {
          throw Status.INVALID_ARGUMENT.withDescription("Wrong input: points selector is empty").asRuntimeException();
        }
      }
      return done(request.getWait());
    });
  }

  @Override
  public void query(QueryPoints request, StreamObserver<QueryResponse> out) {
    answer(out, () -> {
      Supported.only(request, "QueryPoints", QUERY_FIELDS);
      EmulatedCollection c = collections.require(request.getCollectionName());
      if (!request.hasQuery()) {
        throw Supported.unimplemented("QueryPoints without a query (a scroll) is not emulated");
      }
      Supported.only(request.getQuery(), "QueryPoints.query", Set.of("nearest"));
      Supported.only(request.getQuery().getNearest(), "QueryPoints.query.nearest", Set.of("dense"));
      Set<String> keys = selected(c, request.hasShardKeySelector(), request.getShardKeySelector());
      List<ScoredPoint> hits = Searching.nearest(c, request.getQuery().getNearest().getDense().getDataList(), keys,
          new Searching.Request(request.hasFilter() ? request.getFilter() : null,
              request.hasScoreThreshold() ? request.getScoreThreshold() : null,
              request.hasLimit() ? request.getLimit() : 10, request.hasOffset() ? request.getOffset() : 0,
              request.hasParams() ? request.getParams() : null,
              request.hasWithPayload() ? request.getWithPayload() : null,
              request.hasWithVectors() ? request.getWithVectors() : null));
      return QueryResponse.newBuilder().addAllResult(hits).setTime(0.0001).build();
    });
  }

  @Override
  public void search(SearchPoints request, StreamObserver<SearchResponse> out) {
    answer(out, () -> {
      Supported.only(request, "SearchPoints", SEARCH_FIELDS);
      EmulatedCollection c = collections.require(request.getCollectionName());
      Set<String> keys = selected(c, request.hasShardKeySelector(), request.getShardKeySelector());
      List<ScoredPoint> hits = Searching.nearest(c, request.getVectorList(), keys,
          new Searching.Request(request.hasFilter() ? request.getFilter() : null,
              request.hasScoreThreshold() ? request.getScoreThreshold() : null,
              request.getLimit(), request.hasOffset() ? request.getOffset() : 0,
              request.hasParams() ? request.getParams() : null,
              request.hasWithPayload() ? request.getWithPayload() : null,
              request.hasWithVectors() ? request.getWithVectors() : null));
      return SearchResponse.newBuilder().addAllResult(hits).setTime(0.0001).build();
    });
  }

  @Override
  public void count(CountPoints request, StreamObserver<CountResponse> out) {
    answer(out, () -> {
      Supported.only(request, "CountPoints", COUNT_FIELDS);
      EmulatedCollection c = collections.require(request.getCollectionName());
      Set<String> keys = selected(c, request.hasShardKeySelector(), request.getShardKeySelector());
      long n = c.count(keys, request.hasFilter() ? request.getFilter() : null);
      return CountResponse.newBuilder().setResult(CountResult.newBuilder().setCount(n)).build();
    });
  }

  @Override
  public void createFieldIndex(CreateFieldIndexCollection request, StreamObserver<PointsOperationResponse> out) {
    answer(out, () -> {
      EmulatedCollection c = collections.require(request.getCollectionName());
      PayloadSchemaType type = switch (request.getFieldType()) {
        case FieldTypeKeyword -> PayloadSchemaType.Keyword;
        case FieldTypeInteger -> PayloadSchemaType.Integer;
        case FieldTypeFloat -> PayloadSchemaType.Float;
        case FieldTypeBool -> PayloadSchemaType.Bool;
        case FieldTypeUuid -> PayloadSchemaType.Uuid;
        default -> throw Status.UNIMPLEMENTED.withDescription("testkit Qdrant: field index type " + request.getFieldType()
            + " is not emulated").asRuntimeException();
      };
      PayloadSchemaInfo.Builder info = PayloadSchemaInfo.newBuilder().setDataType(type);
      if (request.hasFieldIndexParams()) {
        PayloadIndexParams params = request.getFieldIndexParams();
        info.setParams(params);
      }
      c.createIndex(request.getFieldName(), info.build());
      return done(request.getWait());
    });
  }
}
