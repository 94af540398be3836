package dev.strata.testkit.internal.qdrant;

import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.ShardingMethod;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One collection of the emulator: the create request as received (its config is echoed back by
 * {@code Get}), payload indexes, shard keys and points. Guarded by its own monitor.
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
  /** Keyed by the point id's canonical text (a UUID string or an unsigned number). */
  final Map<String, Point> points = new LinkedHashMap<>();

  EmulatedCollection(CreateCollection config) {
    this.config = config;
    this.dimension = (int) config.getVectorsConfig().getParams().getSize();
    this.distance = config.getVectorsConfig().getParams().getDistance();
    this.customSharding = config.getShardingMethod() == ShardingMethod.Custom;
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
