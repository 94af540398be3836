package dev.strata.vector.internal;

import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import com.google.common.util.concurrent.ListenableFuture;
import dev.strata.vector.CollectionSpec;
import dev.strata.vector.Filter;
import dev.strata.vector.QdrantOptions;
import dev.strata.vector.ScoredPoint;
import dev.strata.vector.SearchRequest;
import dev.strata.vector.VectorPoint;
import dev.strata.vector.VectorStatsListener;
import dev.strata.vector.VectorStoreException;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.ShardKeyFactory;
import io.qdrant.client.ShardKeySelectorFactory;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.CreateShardKey;
import io.qdrant.client.grpc.Collections.CreateShardKeyRequest;
import io.qdrant.client.grpc.Collections.HnswConfigDiff;
import io.qdrant.client.grpc.Collections.KeywordIndexParams;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.ShardingMethod;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsIdsList;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Qdrant adapter over the official Java client (gRPC). Collection specs are cached after the
 * first look-up, so the dimension of every vector is checked locally before anything is sent.
 */
public final class QdrantVectorStore extends AbstractVectorStore {

  private static final Logger log = LoggerFactory.getLogger(QdrantVectorStore.class);

  private final QdrantClient client;
  private final QdrantOptions options;
  private final QdrantCalls calls;
  private final boolean ownsClient;
  private final Map<String, CollectionSpec> specs = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> shardKeys = new ConcurrentHashMap<>();

  public QdrantVectorStore(QdrantClient client, QdrantOptions options, VectorStatsListener listener, boolean ownsClient) {
    super(listener);
    this.client = Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
    this.calls = new QdrantCalls(options, () -> client.grpcClient().channel().resetConnectBackoff());
    this.ownsClient = ownsClient;
  }

  @Override
  protected CollectionSpec lookup(String collection) {
    CollectionSpec cached = specs.get(collection);
    if (cached != null) {
      return cached;
    }
    boolean exists = calls.call("collection exists", () -> client.collectionExistsAsync(collection));
    if (!exists) {
      return null;
    }
    var info = calls.call("get collection", () -> client.getCollectionInfoAsync(collection));
    CollectionSpec spec = QdrantMapping.spec(collection, info);
    specs.put(collection, spec);
    return spec;
  }

  @Override
  protected void create(CollectionSpec spec) {
    CreateCollection.Builder req = CreateCollection.newBuilder()
        .setCollectionName(spec.name())
        .setVectorsConfig(VectorsConfig.newBuilder().setParams(VectorParams.newBuilder()
            .setSize(spec.dimension()).setDistance(QdrantMapping.distance(spec.distance()))));
    if (spec.tenantField() != null) {
      // Qdrant's multitenancy guide: no global HNSW graph (m=0), one graph per tenant (payload_m)
      req.setHnswConfig(HnswConfigDiff.newBuilder().setM(0).setPayloadM(CollectionSpec.DEFAULT_PAYLOAD_M));
    }
    if (spec.customSharding()) {
      req.setShardingMethod(ShardingMethod.Custom);
    }
    try {
      calls.call("create collection", () -> client.createCollectionAsync(req.build()));
      log.info("created Qdrant collection {} (dimension {}, {}, tenant field {}, custom sharding {})", spec.name(),
          spec.dimension(), spec.distance(), spec.tenantField(), spec.customSharding());
    } catch (VectorStoreException e) {
      if (lookup(spec.name()) == null) { // not created concurrently by another instance
        throw e;
      }
    }
    if (spec.tenantField() != null) {
      keywordIndex(spec.name(), spec.tenantField(), true);
    }
    for (String f : spec.keywordFields()) {
      keywordIndex(spec.name(), f, false);
    }
    specs.remove(spec.name());
    lookup(spec.name());
  }

  private void keywordIndex(String collection, String field, boolean tenant) {
    PayloadIndexParams params = PayloadIndexParams.newBuilder()
        .setKeywordIndexParams(KeywordIndexParams.newBuilder().setIsTenant(tenant)).build();
    calls.call("create payload index", () -> client.createPayloadIndexAsync(collection, field, PayloadSchemaType.Keyword, params,
        true, null, null));
  }

  @Override
  protected void drop(String collection) {
    specs.remove(collection);
    shardKeys.remove(collection);
    calls.call("delete collection", () -> client.deleteCollectionAsync(collection));
  }

  @Override
  protected void createShardKey(CollectionSpec spec, String shardKey) {
    Set<String> known = shardKeys.computeIfAbsent(spec.name(), n -> ConcurrentHashMap.newKeySet());
    if (known.contains(shardKey)) {
      return;
    }
    var existing = calls.call("list shard keys", () -> client.listShardKeysAsync(spec.name()));
    existing.forEach(d -> known.add(d.getKey().hasKeyword() ? d.getKey().getKeyword() : Long.toString(d.getKey().getNumber())));
    if (known.contains(shardKey)) {
      return;
    }
    calls.call("create shard key", () -> client.createShardKeyAsync(CreateShardKeyRequest.newBuilder()
        .setCollectionName(spec.name())
        .setRequest(CreateShardKey.newBuilder().setShardKey(ShardKeyFactory.shardKey(shardKey))).build()));
    known.add(shardKey);
  }

  @Override
  protected int[] store(CollectionSpec spec, List<VectorPoint> points, String shardKey) {
    int chunks = 0;
    int retries = 0;
    for (int from = 0; from < points.size(); from += options.chunkSize()) {
      List<VectorPoint> chunk = points.subList(from, Math.min(points.size(), from + options.chunkSize()));
      UpsertPoints.Builder req = UpsertPoints.newBuilder().setCollectionName(spec.name()).setWait(options.waitForWrites());
      for (VectorPoint p : chunk) {
        req.addPoints(PointStruct.newBuilder()
            .setId(QdrantMapping.id(p.id()))
            .setVectors(VectorsFactory.vectors(p.vector()))
            .putAllPayload(QdrantMapping.payload(p.payload())));
      }
      if (shardKey != null) {
        req.setShardKeySelector(ShardKeySelectorFactory.shardKeySelector(shardKey));
      }
      UpsertPoints built = req.build();
      retries += forgetOnNotFound(spec, () -> calls.callCounting("upsert", () -> client.upsertAsync(built))).retries();
      chunks++;
    }
    return new int[] {chunks, retries};
  }

  /** Runs {@code body}; a NOT_FOUND (collection dropped elsewhere) evicts the cached spec. */
  private <T> T forgetOnNotFound(CollectionSpec spec, java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (VectorStoreException e) {
      Status s = QdrantCalls.statusOf(e);
      if (s != null && s.getCode() == Status.Code.NOT_FOUND) {
        specs.remove(spec.name());
      }
      throw e;
    }
  }

  @Override
  protected void remove(CollectionSpec spec, Collection<UUID> ids) {
    PointsIdsList.Builder list = PointsIdsList.newBuilder();
    ids.forEach(id -> list.addIds(QdrantMapping.id(id)));
    delete(spec, PointsSelector.newBuilder().setPoints(list).build());
  }

  @Override
  protected void remove(CollectionSpec spec, Filter filter) {
    delete(spec, PointsSelector.newBuilder().setFilter(QdrantMapping.filter(filter)).build());
  }

  private void delete(CollectionSpec spec, PointsSelector selector) {
    DeletePoints req = DeletePoints.newBuilder().setCollectionName(spec.name()).setWait(options.waitForWrites())
        .setPoints(selector).build();
    forgetOnNotFound(spec, () -> calls.call("delete points", () -> client.deleteAsync(req)));
  }

  private QueryPoints query(CollectionSpec spec, SearchRequest request) {
    QueryPoints.Builder q = QueryPoints.newBuilder()
        .setCollectionName(spec.name())
        .setQuery(nearest(request.vector()))
        .setLimit(request.limit())
        .setWithPayload(enable(request.withPayload()));
    if (!request.filter().isEmpty()) {
      q.setFilter(QdrantMapping.filter(request.filter()));
    }
    if (request.scoreThreshold() != null) {
      q.setScoreThreshold(request.scoreThreshold());
    }
    if (request.shardKey() != null) {
      q.setShardKeySelector(ShardKeySelectorFactory.shardKeySelector(request.shardKey()));
    }
    return q.build();
  }

  private static List<ScoredPoint> hits(String collection, List<Points.ScoredPoint> found) {
    List<ScoredPoint> out = new ArrayList<>(found.size());
    for (Points.ScoredPoint p : found) {
      out.add(new ScoredPoint(collection, QdrantMapping.id(p.getId()), p.getScore(), QdrantMapping.payloadFrom(p.getPayloadMap())));
    }
    return out;
  }

  @Override
  protected List<ScoredPoint> find(CollectionSpec spec, SearchRequest request) {
    QueryPoints q = query(spec, request);
    return hits(spec.name(), forgetOnNotFound(spec, () -> calls.call("query", () -> client.queryAsync(q))));
  }

  @Override
  protected List<ScoredPoint> findAll(List<CollectionSpec> all, SearchRequest request) {
    // one query per collection, all in flight at once; a failed one is retried on its own
    List<ListenableFuture<List<Points.ScoredPoint>>> inFlight = new ArrayList<>();
    for (CollectionSpec spec : all) {
      inFlight.add(client.queryAsync(query(spec, request)));
    }
    List<ScoredPoint> merged = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      CollectionSpec spec = all.get(i);
      ListenableFuture<List<Points.ScoredPoint>> first = inFlight.get(i);
      boolean[] used = {false};
      List<Points.ScoredPoint> found = forgetOnNotFound(spec, () -> calls.call("query", () -> {
        if (!used[0]) {
          used[0] = true;
          return first;
        }
        return client.queryAsync(query(spec, request));
      }));
      merged.addAll(hits(spec.name(), found));
    }
    return merge(merged, all.get(0).distance(), request.limit());
  }

  @Override
  protected long countPoints(CollectionSpec spec, Filter filter) {
    return forgetOnNotFound(spec, () -> calls.call("count",
        () -> client.countAsync(spec.name(), filter.isEmpty() ? null : QdrantMapping.filter(filter), true)));
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
