package dev.strata.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.core.outbox.Outbox;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.TestDatabase;
import dev.strata.vector.EmbeddingCache;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.EmbeddingProviders;
import dev.strata.vector.IndexJob;
import dev.strata.vector.QdrantOptions;
import dev.strata.vector.VectorEntry;
import dev.strata.vector.VectorIndexer;
import dev.strata.vector.VectorStore;
import dev.strata.vector.VectorStoreException;
import dev.strata.vector.VectorStores;
import dev.strata.vector.VentureVectors;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qdrant.client.QdrantClient;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * VectorMetrics on the real paths it cannot see in memory: gRPC retries and failures of the Qdrant
 * store (testkit's emulator with injected faults) and the outbox indexer over a real PostgreSQL.
 */
@ExtendWith(PostgresExtension.class)
class VectorMetricsIT {

  private static final String COLLECTION = "drafts";
  private static final int ATTEMPTS = 3;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void qdrantRetriesAndFailures_thenIndexerIndexedAndDeferred(TestDatabase db) throws Exception {
    StrataSchema.migrate(db.dataSource());
    VectorMetrics metrics = VectorMetrics.create(registry, Set.of(COLLECTION));
    EmbeddingProvider embed = EmbeddingProviders.deduplicating(EmbeddingProviders.localHashing(16),
        EmbeddingCache.inProcess(), metrics);
    try (QdrantServer server = Qdrant.startEmulator(); QdrantClient client = server.newClient();
        VectorStore store = VectorStores.qdrant(client, QdrantOptions.builder().maxAttempts(ATTEMPTS)
            .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build(), metrics)) {
      VentureVectors vectors = VentureVectors.builder(store).collection(COLLECTION, 16).build();
      vectors.ensureCollections();

      // two transient failures, then success: one call, two retries
      server.failNext("Upsert", 2, Status.Code.UNAVAILABLE);
      vectors.upsert("v1", COLLECTION, List.of(VectorEntry.of("a", embed.embed("alpha")), VectorEntry.of("b", embed.embed("beta"))));
      assertEquals(2, counter("strata.vector.upsert.points"));
      assertEquals(2, counter("strata.vector.upsert.retries"));
      assertEquals(1, registry.get("strata.vector.upsert").tag("collection", COLLECTION).timer().count());
      // every attempt fails: a failure for good, no upsert recorded
      server.failNext("Upsert", ATTEMPTS, Status.Code.UNAVAILABLE);
      assertThrows(VectorStoreException.class,
          () -> vectors.upsert("v1", COLLECTION, List.of(VectorEntry.of("c", embed.embed("gamma")))));
      assertEquals(1, counter("strata.vector.store.failures", "operation", "upsert"));
      assertEquals(1, registry.get("strata.vector.upsert").tag("collection", COLLECTION).timer().count());

      Outbox outbox = Outbox.builder(db.dataSource()).initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(50))
          .build();
      VectorIndexer indexer = VectorIndexer.builder(outbox, vectors, embed).listener(metrics).build();
      enqueue(indexer, db, "v2", "launch plan", "hiring", "runway");
      assertEquals(3, indexer.drainOnce());
      assertEquals(3, counter("strata.vector.indexer.jobs", "outcome", "indexed"));
      assertEquals(0, counter("strata.vector.indexer.jobs", "outcome", "deferred"));

      enqueue(indexer, db, "v3", "pricing", "churn");
      server.failNext("Upsert", ATTEMPTS, Status.Code.UNAVAILABLE);
      assertEquals(2, indexer.drainOnce());
      assertEquals(2, counter("strata.vector.indexer.jobs", "outcome", "deferred"));
      assertEquals(2, counter("strata.vector.store.failures", "operation", "upsert"));
      // the deferred jobs become claimable after their backoff
      Eventually.within(Duration.ofSeconds(10), "the deferred jobs indexed", () -> {
        indexer.drainOnce();
        return counter("strata.vector.indexer.jobs", "outcome", "indexed") >= 5;
      });
      assertEquals(5, counter("strata.vector.indexer.jobs", "outcome", "indexed"));
      assertEquals(2, counter("strata.vector.indexer.jobs", "outcome", "deferred"));
      // the retried jobs' texts were embedded once: the second drain found them in the cache
      assertEquals(2, counter("strata.vector.embeddings", "source", "cache"));
      assertEquals(3 + 3 + 2, counter("strata.vector.embeddings", "source", "computed"));
      // the retried jobs may be claimed together or one by one (jittered backoff): count points, not calls
      assertEquals(2 + 3 + 2, counter("strata.vector.upsert.points"));
    }
  }

  private static void enqueue(VectorIndexer indexer, TestDatabase db, String venture, String... texts) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      for (String t : texts) {
        indexer.enqueue(c, IndexJob.of(venture, COLLECTION, t));
      }
    }
  }
}
