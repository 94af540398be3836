package dev.strata.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** An emulator started with an API key behaves like a Qdrant with {@code service.api_key}. */
class QdrantEmulatorApiKeyIT {

  private static final String KEY = "qdrant-key-0123456789";

  private static Status statusOf(ExecutionException e) {
    return Status.fromThrowable(e.getCause());
  }

  @Test
  void theRightKey_isServed() throws Exception {
    try (QdrantServer server = Qdrant.startEmulator(KEY); QdrantClient client = server.newClient()) {
      assertFalse(client.collectionExistsAsync("docs").get());
      assertEquals(1, server.requestCount());
    }
  }

  @Test
  void noKey_isUnauthenticated_andNotCounted() {
    try (QdrantServer server = Qdrant.startEmulator(KEY);
        QdrantClient client = new QdrantClient(QdrantGrpcClient.newBuilder("127.0.0.1", server.grpcPort(), false, false).build())) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> client.collectionExistsAsync("docs").get());
      assertEquals(Status.Code.UNAUTHENTICATED, statusOf(e).getCode());
      assertTrue(statusOf(e).getDescription().contains("requires an api-key"), statusOf(e).getDescription());
      assertEquals(0, server.requestCount());
    }
  }

  @Test
  void aWrongKey_isUnauthenticated_withoutBeingEchoed() {
    String wrong = "not-the-key-9876543210";
    try (QdrantServer server = Qdrant.startEmulator(KEY);
        QdrantClient client = new QdrantClient(QdrantGrpcClient.newBuilder("127.0.0.1", server.grpcPort(), false, false)
            .withApiKey(wrong).build())) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> client.listCollectionsAsync().get());
      assertEquals(Status.Code.UNAUTHENTICATED, statusOf(e).getCode());
      assertEquals("testkit Qdrant: invalid api-key", statusOf(e).getDescription());
      assertFalse(server.toString().contains(KEY), server.toString());
    }
  }

  @Test
  void aBlankKey_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Qdrant.startEmulator(" "));
    assertEquals("apiKey must not be blank", e.getMessage());
  }
}
