package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.QdrantExtension;
import dev.strata.testkit.QdrantServer;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bounded chunks, retries with backoff on transient gRPC errors, no retry on permanent ones. */
class QdrantRetriesIT {

  @RegisterExtension
  static final QdrantExtension QDRANT = QdrantExtension.emulator();

  static QdrantServer server;
  static final AtomicInteger chunks = new AtomicInteger();
  static final AtomicInteger retries = new AtomicInteger();
  static final AtomicInteger failures = new AtomicInteger();
  static VectorStore store;

  @BeforeAll
  static void start(QdrantServer emulator, QdrantClient client) {
    server = emulator;
    VectorStatsListener listener = new VectorStatsListener() {
      @Override
      public void onUpsert(String collection, int points, int c, int r, long nanos) {
        chunks.addAndGet(c);
        retries.addAndGet(r);
      }

      @Override
      public void onStoreFailure(String operation, Throwable failure) {
        failures.incrementAndGet();
      }
    };
    store = VectorStores.qdrant(client, QdrantOptions.builder().chunkSize(64).maxAttempts(4)
        .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build(), listener);
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  private static List<VectorPoint> points(int n) {
    List<VectorPoint> pts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pts.add(VectorPoint.of(UUID.randomUUID(), new float[] {1, i}));
    }
    return pts;
  }

  @Test
  void upsert_sendsBoundedChunks() {
    String c = VectorStoreContract.name("chunks");
    store.ensureCollection(CollectionSpec.of(c, 2, Distance.COSINE));
    chunks.set(0);
    long before = server.requestCount();
    store.upsert(c, points(200));
    assertEquals(4, chunks.get()); // 64 + 64 + 64 + 8
    assertEquals(4, server.requestCount() - before);
    assertEquals(200, store.count(c, Filter.empty()));
  }

  @Test
  void upsert_transientFailures_retriedWithBackoff_thenSucceeds() {
    String c = VectorStoreContract.name("retry");
    store.ensureCollection(CollectionSpec.of(c, 2, Distance.COSINE));
    retries.set(0);
    server.failNext("Upsert", 3, Status.Code.UNAVAILABLE);
    store.upsert(c, points(10));
    assertEquals(3, retries.get());
    assertEquals(10, store.count(c, Filter.empty()));
  }

  @Test
  void upsert_transientFailuresBeyondAttempts_failTransient() {
    String c = VectorStoreContract.name("giveup");
    store.ensureCollection(CollectionSpec.of(c, 2, Distance.COSINE));
    failures.set(0);
    server.failNext("Upsert", 4, Status.Code.UNAVAILABLE);
    VectorStoreException e = assertThrows(VectorStoreException.class, () -> store.upsert(c, points(3)));
    assertTrue(e.isTransient());
    assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
    assertEquals(1, failures.get());
    assertEquals(0, store.count(c, Filter.empty()));
  }

  @Test
  void upsert_permanentFailure_notRetried() {
    String c = VectorStoreContract.name("perm");
    store.ensureCollection(CollectionSpec.of(c, 2, Distance.COSINE));
    server.failNext("Upsert", 1, Status.Code.INVALID_ARGUMENT);
    long before = server.requestCount();
    VectorStoreException e = assertThrows(VectorStoreException.class, () -> store.upsert(c, points(3)));
    assertFalse(e.isTransient());
    assertEquals(1, server.requestCount() - before);
    store.upsert(c, points(3));
    assertEquals(3, store.count(c, Filter.empty()));
  }

  @Test
  void serverDown_searchFailsTransient_thenWorksAfterRestart() {
    String c = VectorStoreContract.name("down");
    store.ensureCollection(CollectionSpec.of(c, 2, Distance.COSINE));
    store.upsert(c, points(5));
    server.stop();
    try {
      VectorStoreException e = assertThrows(VectorStoreException.class,
          () -> store.search(c, SearchRequest.of(new float[] {1, 0}, 3)));
      assertTrue(e.isTransient());
    } finally {
      server.start();
    }
    assertEquals(3, store.search(c, SearchRequest.of(new float[] {1, 0}, 3)).size());
  }
}
