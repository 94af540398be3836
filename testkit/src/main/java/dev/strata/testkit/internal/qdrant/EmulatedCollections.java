package dev.strata.testkit.internal.qdrant;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.CollectionDescription;
import io.qdrant.client.grpc.Collections.CollectionExists;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionExistsResponse;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.CreateShardKeyRequest;
import io.qdrant.client.grpc.Collections.CreateShardKeyResponse;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsResponse;
import io.qdrant.client.grpc.Collections.ListShardKeysRequest;
import io.qdrant.client.grpc.Collections.ListShardKeysResponse;
import io.qdrant.client.grpc.Collections.ShardKeyDescription;
import io.qdrant.client.grpc.CollectionsGrpc;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The emulator's {@code qdrant.Collections} service, on the client's generated base class: create,
 * get, list, delete, exists, create and list shard keys. Other methods answer UNIMPLEMENTED (the base class's
 * default).
 */
final class EmulatedCollections extends CollectionsGrpc.CollectionsImplBase {

  /** The collections, shared with the points service; they survive a server stop/restart. */
  final Map<String, EmulatedCollection> collections = new ConcurrentHashMap<>();

  EmulatedCollection require(String name) {
    EmulatedCollection c = collections.get(name);
    if (c == null) {
      throw Status.NOT_FOUND.withDescription("Not found: Collection `" + name + "` doesn't exist!").asRuntimeException();
    }
    return c;
  }

  static <T> void answer(StreamObserver<T> out, Supplier<T> body) {
    T reply;
    try {
      reply = body.get();
    } catch (io.grpc.StatusRuntimeException e) {
      out.onError(e);
      return;
    } catch (RuntimeException e) {
      out.onError(Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException());
      return;
    }
    out.onNext(reply);
    out.onCompleted();
  }

  private static CollectionOperationResponse ok(boolean result) {
    return CollectionOperationResponse.newBuilder().setResult(result).setTime(0.0001).build();
  }

  @Override
  public void create(CreateCollection request, StreamObserver<CollectionOperationResponse> out) {
    answer(out, () -> {
      if (!request.getVectorsConfig().hasParams() || request.getVectorsConfig().getParams().getSize() < 1) {
        throw Status.UNIMPLEMENTED.withDescription("testkit Qdrant: only one unnamed dense vector per point is emulated")
            .asRuntimeException();
      }
      if (collections.putIfAbsent(request.getCollectionName(), new EmulatedCollection(request)) != null) {
        throw Status.INVALID_ARGUMENT.withDescription("Wrong input: Collection `" + request.getCollectionName() + "` already exists!")
            .asRuntimeException();
      }
      return ok(true);
    });
  }

  @Override
  public void get(GetCollectionInfoRequest request, StreamObserver<GetCollectionInfoResponse> out) {
    answer(out, () -> GetCollectionInfoResponse.newBuilder().setResult(require(request.getCollectionName()).info()).build());
  }

  @Override
  public void list(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> out) {
    answer(out, () -> {
      ListCollectionsResponse.Builder b = ListCollectionsResponse.newBuilder();
      collections.keySet().stream().sorted().forEach(n -> b.addCollections(CollectionDescription.newBuilder().setName(n)));
      return b.build();
    });
  }

  @Override
  public void delete(DeleteCollection request, StreamObserver<CollectionOperationResponse> out) {
    answer(out, () -> ok(collections.remove(request.getCollectionName()) != null));
  }

  @Override
  public void collectionExists(CollectionExistsRequest request, StreamObserver<CollectionExistsResponse> out) {
    answer(out, () -> CollectionExistsResponse.newBuilder()
        .setResult(CollectionExists.newBuilder().setExists(collections.containsKey(request.getCollectionName()))).build());
  }

  @Override
  public void createShardKey(CreateShardKeyRequest request, StreamObserver<CreateShardKeyResponse> out) {
    answer(out, () -> {
      EmulatedCollection c = require(request.getCollectionName());
      if (!c.customSharding) {
        throw Status.INVALID_ARGUMENT.withDescription("Wrong input: Shard key can only be created for collections with custom sharding")
            .asRuntimeException();
      }
      String key = EmulatedPoints.shardKeyText(request.getRequest().getShardKey());
      if (!c.shardKeys.add(key)) {
        throw Status.INVALID_ARGUMENT.withDescription("Wrong input: Shard key " + key + " already exists").asRuntimeException();
      }
      return CreateShardKeyResponse.newBuilder().setResult(true).build();
    });
  }

  @Override
  public void listShardKeys(ListShardKeysRequest request, StreamObserver<ListShardKeysResponse> out) {
    answer(out, () -> {
      ListShardKeysResponse.Builder b = ListShardKeysResponse.newBuilder();
      require(request.getCollectionName()).shardKeys.stream().sorted()
          .forEach(k -> b.addShardKeys(ShardKeyDescription.newBuilder().setKey(EmulatedPoints.shardKey(k))));
      return b.build();
    });
  }
}
