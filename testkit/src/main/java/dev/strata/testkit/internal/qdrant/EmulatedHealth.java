package dev.strata.testkit.internal.qdrant;

import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;

/** The emulator's {@code qdrant.Qdrant} service: the health check the client may call on connect. */
final class EmulatedHealth extends QdrantGrpc.QdrantImplBase {

  /** The server version reported; the client warns when its own major.minor is far from it. */
  static final String VERSION = "1.18.0";

  @Override
  public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckReply> out) {
    out.onNext(HealthCheckReply.newBuilder().setTitle("strata-testkit qdrant emulator").setVersion(VERSION).build());
    out.onCompleted();
  }
}
