package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.core.StrataJdbi;
import dev.strata.core.content.ContentCreated;
import dev.strata.core.content.ContentWorkflow;
import dev.strata.core.content.NewContent;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * core writes the content workflow's index job as plain JSON, without depending on this module:
 * the indexer must decode it, store the entry under the draft's key, and complete the job.
 */
@ExtendWith(PostgresExtension.class)
class ContentWorkflowIndexingIT {

  @Test
  void contentWorkflowJob_isIndexedByVectorIndexer_underTheDraftsKey(TestDatabase db) {
    StrataSchema.migrate(db.dataSource());
    Jdbi jdbi = StrataJdbi.create(db.dataSource());
    jdbi.useHandle(h -> {
      h.execute("INSERT INTO users (id, email, name) VALUES (1, 'a@x.test', 'A')");
      h.execute("INSERT INTO ventures (id, user_id, name) VALUES (7, 1, 'V')");
    });
    Outbox outbox = Outbox.builder(db.dataSource()).build();
    VentureVectors vectors = VentureVectors.builder(VectorStores.inMemory()).collection("content_embeddings", 32).build();
    vectors.ensureCollections();
    EmbeddingProvider provider = EmbeddingProviders.localHashing(32);
    VectorIndexer indexer = VectorIndexer.builder(outbox, vectors, provider).build();
    String body = "Our \"launch\" post\n\twith a \\ and ünïcödé";

    ContentCreated created = ContentWorkflow.builder(jdbi, outbox).build()
        .create(new NewContent(7, "Launch", body, OffsetDateTime.parse("2026-08-01T10:00:00Z"), List.of())).value();

    assertEquals(1, indexer.drainOnce());
    assertEquals(0, outbox.pending(VectorIndexer.TOPIC), "completed");
    assertEquals(0, outbox.dead(VectorIndexer.TOPIC), "not dead-lettered: the indexer understood the job");
    List<VentureMatch> found = vectors.search("7", "content_embeddings",
        SearchRequest.of(provider.embed(List.of(body)).get(0), 5));
    assertEquals(1, found.size());
    assertEquals("content_drafts/" + created.draftId(), found.get(0).key());
    assertEquals(created.draftId(), found.get(0).payload().get("draft_id"));
  }
}
