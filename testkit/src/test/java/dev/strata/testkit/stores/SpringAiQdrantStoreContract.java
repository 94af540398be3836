package dev.strata.testkit.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.testkit.QdrantServer;
import io.qdrant.client.QdrantClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.qdrant.QdrantVectorStore;

/**
 * Spring AI's {@link QdrantVectorStore} in its normal flow — create the collection, add documents
 * with metadata, filtered similarity search with a threshold (Qdrant's {@code Points/Search}),
 * delete by ids and by filter — against a testkit Qdrant. Subclasses say which.
 */
abstract class SpringAiQdrantStoreContract {

  /** text, kind, year; under {@link WordVectors} every expected order below is free of ties */
  static final List<Object[]> DOCS = List.of(
      new Object[] {"spring launch plan", "draft", 2024},
      new Object[] {"launch budget", "draft", 2023},
      new Object[] {"spring launch social post", "post", 2024},
      new Object[] {"spring budget budget review", "draft", 2024},
      new Object[] {"calendar meeting notes", "draft", 2025});

  /** Spring AI's model SPI over {@link WordVectors}. */
  static final class WordEmbeddingModel implements EmbeddingModel {
    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
      List<Embedding> out = new ArrayList<>();
      for (String text : request.getInstructions()) {
        out.add(new Embedding(WordVectors.of(text), out.size()));
      }
      return new EmbeddingResponse(out);
    }

    @Override
    public float[] embed(Document document) {
      return WordVectors.of(document.getText());
    }

    @Override
    public int dimensions() {
      return WordVectors.DIMENSION;
    }
  }

  private QdrantServer server;
  private QdrantClient client;
  private QdrantVectorStore store;
  private String collection;
  private final List<String> ids = new ArrayList<>();

  abstract QdrantServer open();

  @BeforeEach
  void createAndAdd() throws Exception {
    server = open();
    client = server.newClient();
    collection = "springai_" + UUID.randomUUID().toString().replace("-", "");
    store = QdrantVectorStore.builder(client, new WordEmbeddingModel()).collectionName(collection).initializeSchema(true).build();
    store.afterPropertiesSet(); // what the Spring context would call: creates the collection
    List<Document> docs = new ArrayList<>();
    for (Object[] d : DOCS) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      docs.add(Document.builder().id(id).text((String) d[0]).metadata(Map.of("kind", d[1], "year", d[2])).build());
    }
    store.add(docs);
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

  private List<Document> search(String query, int topK, double threshold, String filter) {
    SearchRequest.Builder b = SearchRequest.builder().query(query).topK(topK).similarityThreshold(threshold);
    if (filter != null) {
      b.filterExpression(filter);
    }
    return store.similaritySearch(b.build());
  }

  private List<String> idsOf(List<Document> docs) {
    return docs.stream().map(Document::getId).toList();
  }

  @Test
  void initialize_createsCosineCollectionOfTheModelsDimension() throws Exception {
    var params = client.getCollectionInfoAsync(collection).get().getConfig().getParams().getVectorsConfig().getParams();
    assertEquals(WordVectors.DIMENSION, params.getSize());
    assertEquals(io.qdrant.client.grpc.Collections.Distance.Cosine, params.getDistance());
    assertEquals(5L, client.countAsync(collection).get());
  }

  @Test
  void filteredSearch_returnsMatchingDocumentsByScore_withMetadata() {
    List<Document> hits = search("spring launch", 10, 0.0, "kind == 'draft' && year == 2024");

    assertEquals(List.of(ids.get(0), ids.get(3)), idsOf(hits));
    Document top = hits.get(0);
    assertEquals("spring launch plan", top.getText());
    assertEquals("draft", top.getMetadata().get("kind"));
    assertEquals(2024L, ((Number) top.getMetadata().get("year")).longValue());
    for (int i = 0; i < hits.size(); i++) {
      String text = (String) DOCS.get(List.of(0, 3).get(i))[0];
      assertEquals(WordVectors.cosine(WordVectors.of("spring launch"), WordVectors.of(text)), hits.get(i).getScore(), 1e-5);
    }
  }

  @Test
  void search_thresholdTopKAndOtherFilters() {
    assertEquals(List.of(ids.get(0), ids.get(2)), idsOf(search("spring launch", 10, 0.6, null)));
    assertEquals(List.of(ids.get(0)), idsOf(search("spring launch", 1, 0.0, null)));
    assertEquals(List.of(ids.get(2)), idsOf(search("spring launch", 10, 0.5, "kind in ['post', 'reel'] && year > 2023")));
    assertEquals(List.of(ids.get(3)), idsOf(search("budget", 10, 0.5, "kind != 'post' && year not in [2023] && year < 2025")));
  }

  @Test
  void delete_byIds_thenByFilter() throws Exception {
    store.delete(List.of(ids.get(0)));
    assertEquals(List.of(ids.get(2), ids.get(1)), idsOf(search("spring launch", 2, 0.0, null)));

    store.delete("kind == 'post' || year == 2025");
    assertEquals(2L, client.countAsync(collection).get());
    assertEquals(List.of(ids.get(1), ids.get(3)), idsOf(search("spring launch", 5, 0.0, null)));
  }
}
