package dev.strata.testkit;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.ConditionFactory;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ScoredPoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The emulator speaks Qdrant's gRPC API to the official client, keeps data across stop/start, injects faults. */
class QdrantEmulatorIT {

  @Test
  void officialClient_createUpsertQueryCount_andRestartKeepsData() throws Exception {
    try (QdrantServer server = Qdrant.startEmulator(); QdrantClient client = server.newClient()) {
      client.createCollectionAsync("docs", VectorParams.newBuilder().setSize(2).setDistance(Distance.Cosine).build()).get();
      assertTrue(client.collectionExistsAsync("docs").get());
      client.upsertAsync("docs", List.of(
          PointStruct.newBuilder().setId(id(1)).setVectors(vectors(1, 0)).putAllPayload(Map.of("kind", value("a"))).build(),
          PointStruct.newBuilder().setId(id(2)).setVectors(vectors(0, 1)).putAllPayload(Map.of("kind", value("b"))).build())).get();
      List<ScoredPoint> hits = client.queryAsync(QueryPoints.newBuilder().setCollectionName("docs").setQuery(nearest(1f, 0.1f))
          .setLimit(5).setWithPayload(WithPayloadSelectorFactory.enable(true)).build()).get();
      assertEquals(1, hits.get(0).getId().getNum());
      assertEquals("a", hits.get(0).getPayloadMap().get("kind").getStringValue());
      Filter onlyB = Filter.newBuilder().addMust(ConditionFactory.matchKeyword("kind", "b")).build();
      assertEquals(1L, client.countAsync("docs", onlyB, true).get());

      server.stop();
      ExecutionException down = assertThrows(ExecutionException.class, () -> client.countAsync("docs").get());
      assertEquals(Status.Code.UNAVAILABLE, ((StatusRuntimeException) down.getCause()).getStatus().getCode());
      server.start();
      assertEquals(2L, countOnceReconnected(client));
    }
  }

  /** Counts, retrying while the channel reconnects (gRPC fails calls fast during its reconnect backoff). */
  private static long countOnceReconnected(QdrantClient client) throws Exception {
    return Eventually.succeeds(Duration.ofSeconds(15), "counting once the channel has reconnected", () -> {
      client.grpcClient().channel().resetConnectBackoff();
      return client.countAsync("docs").get();
    });
  }

  @Test
  void failNext_injectsStatus_thenServesAgain_andCountsRequests() throws Exception {
    try (QdrantServer server = Qdrant.startEmulator(); QdrantClient client = server.newClient()) {
      long before = server.requestCount();
      server.failNext("CollectionExists", 1, Status.Code.UNAVAILABLE);
      ExecutionException e = assertThrows(ExecutionException.class, () -> client.collectionExistsAsync("x").get());
      assertEquals(Status.Code.UNAVAILABLE, ((StatusRuntimeException) e.getCause()).getStatus().getCode());
      assertFalse(client.collectionExistsAsync("x").get());
      assertEquals(2, server.requestCount() - before);
    }
  }

  @Test
  void unemulatedFeature_answersUnimplemented() throws Exception {
    try (QdrantServer server = Qdrant.startEmulator(); QdrantClient client = server.newClient()) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> client.listAliasesAsync().get());
      assertEquals(Status.Code.UNIMPLEMENTED, ((StatusRuntimeException) e.getCause()).getStatus().getCode());
    }
  }
}
