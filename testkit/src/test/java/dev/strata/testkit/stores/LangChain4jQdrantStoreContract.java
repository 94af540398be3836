package dev.strata.testkit.stores;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.qdrant.QdrantEmbeddingStore;
import dev.strata.testkit.QdrantServer;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's {@link QdrantEmbeddingStore} in its normal flow — add with metadata, filtered search
 * (which asks for the stored vectors to score matches), min score, remove by id, by filter, all —
 * against a testkit Qdrant. Subclasses say which.
 */
abstract class LangChain4jQdrantStoreContract {

  /** text, kind, year, rating; under {@link WordVectors} every expected order below is free of ties */
  static final List<Object[]> DOCS = List.of(
      new Object[] {"spring launch plan", "draft", 2024, 4.5},
      new Object[] {"launch budget", "draft", 2023, 3.0},
      new Object[] {"spring launch social post", "post", 2024, 4.0},
      new Object[] {"spring budget budget review", "draft", 2024, 2.5},
      new Object[] {"calendar meeting notes", "draft", 2025, 5.0});

  private QdrantServer server;
  private QdrantClient client;
  private QdrantEmbeddingStore store;
  private String collection;
  private final List<String> ids = new ArrayList<>();

  abstract QdrantServer open();

  @BeforeEach
  void addDocuments() throws Exception {
    server = open();
    client = server.newClient();
    collection = "lc4j_" + UUID.randomUUID().toString().replace("-", "");
    client.createCollectionAsync(collection,
        VectorParams.newBuilder().setSize(WordVectors.DIMENSION).setDistance(Distance.Cosine).build()).get();
    store = QdrantEmbeddingStore.builder().client(client).collectionName(collection).build();
    List<Embedding> embeddings = new ArrayList<>();
    List<TextSegment> segments = new ArrayList<>();
    for (Object[] d : DOCS) {
      ids.add(UUID.randomUUID().toString());
      embeddings.add(Embedding.from(WordVectors.of((String) d[0])));
      segments.add(TextSegment.from((String) d[0], Metadata.from(Map.of("kind", d[1], "year", d[2], "rating", d[3]))));
    }
    store.addAll(ids, embeddings, segments);
  }

  @AfterEach
  void dropCollection() throws Exception {
    if (client == null) {
      return; // skipped before a server was found
    }
    try {
      client.deleteCollectionAsync(collection).get();
    } finally {
      client.close();
      if (!server.isReal()) {
        server.close();
      }
    }
  }

  private List<EmbeddingMatch<TextSegment>> search(String query, int max, double minScore, Filter filter) {
    return store.search(EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(WordVectors.of(query)))
        .maxResults(max).minScore(minScore).filter(filter).build()).matches();
  }

  private static double relevance(String a, String b) {
    return (WordVectors.cosine(WordVectors.of(a), WordVectors.of(b)) + 1) / 2;
  }

  @Test
  void filteredSearch_returnsMatchingSegmentsByScore_withMetadataAndStoredVectors() {
    Filter draftsSince2024 = metadataKey("kind").isEqualTo("draft").and(metadataKey("year").isGreaterThanOrEqualTo(2024));
    List<EmbeddingMatch<TextSegment>> hits = search("spring launch", 10, 0, draftsSince2024);

    assertEquals(List.of(ids.get(0), ids.get(3), ids.get(4)), idsOf(hits));
    EmbeddingMatch<TextSegment> top = hits.get(0);
    assertEquals("spring launch plan", top.embedded().text());
    assertEquals("draft", top.embedded().metadata().getString("kind"));
    assertEquals(2024, top.embedded().metadata().getInteger("year"));
    assertEquals(4.5, top.embedded().metadata().getDouble("rating"), 1e-9);
    // the store scores from the vectors Qdrant returns (with_vectors): they must be the stored ones
    assertArrayEquals(WordVectors.of("spring launch plan"), top.embedding().vector(), 1e-6f);
    for (int i = 0; i < hits.size(); i++) {
      assertEquals(relevance("spring launch", (String) DOCS.get(List.of(0, 3, 4).get(i))[0]), hits.get(i).score(), 1e-5);
    }
  }

  @Test
  void search_minScoreAndRangeFilters_narrowTheResult() {
    // relevance of the orthogonal "calendar meeting notes" is exactly 0.5: excluded by 0.6
    assertEquals(List.of(ids.get(0), ids.get(2), ids.get(3)), idsOf(search("spring launch", 10, 0.6, metadataKey("year").isGreaterThan(2023))));
    assertEquals(List.of(ids.get(3), ids.get(1)), idsOf(search("budget", 10, 0.6, metadataKey("rating").isLessThan(3.5))));
    assertEquals(List.of(ids.get(2)), idsOf(search("spring launch", 1, 0, metadataKey("kind").isIn("post", "reel"))));
    assertEquals(List.of(ids.get(0), ids.get(2)), idsOf(search("spring launch", 2, 0, metadataKey("text_segment").containsString("launch")
        .and(metadataKey("kind").isNotEqualTo("nope")).and(metadataKey("year").isNotIn(2023)))));
  }

  private static List<String> idsOf(List<EmbeddingMatch<TextSegment>> matches) {
    return matches.stream().map(EmbeddingMatch::embeddingId).toList();
  }

  @Test
  void remove_byId_byFilter_andAll() throws Exception {
    store.remove(ids.get(0));
    assertEquals(List.of(ids.get(2), ids.get(1)), idsOf(search("spring launch", 2, 0, null)));

    store.removeAll(metadataKey("kind").isEqualTo("post"));
    assertEquals(3L, client.countAsync(collection).get());
    assertEquals(List.of(ids.get(1), ids.get(3)), idsOf(search("spring launch", 2, 0, null)));

    store.removeAll();
    assertEquals(0L, client.countAsync(collection).get());
    assertEquals(List.of(), search("spring launch", 5, 0, null));
  }
}
