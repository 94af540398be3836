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
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.Points.LookupLocation;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The emulator's Search and Query with Qdrant's semantics (score threshold per distance, offset,
 * payload selection, stored vectors, range and text conditions), and loud UNIMPLEMENTED for any
 * request field it does not honour.
 */
class QdrantEmulatorSearchIT {

  private QdrantServer server;
  private QdrantClient client;

  @BeforeEach
  void points() throws Exception {
    server = Qdrant.startEmulator();
    client = server.newClient();
    client.createCollectionAsync("cos", VectorParams.newBuilder().setSize(2).setDistance(Distance.Cosine).build()).get();
    client.createCollectionAsync("l2", VectorParams.newBuilder().setSize(2).setDistance(Distance.Euclid).build()).get();
    for (String c : List.of("cos", "l2")) {
      client.upsertAsync(c, List.of(
          point(1, 3, 0, Map.of("kind", value("a"), "n", value(1), "text", value("spring launch"))),
          point(2, 3, 1, Map.of("kind", value("b"), "n", value(2.5), "text", value("budget"))),
          point(3, 0, 3, Map.of("kind", value("a"), "n", value(7), "text", value("launch party"))))).get();
    }
  }

  private static PointStruct point(long id, float x, float y, Map<String, io.qdrant.client.grpc.JsonWithInt.Value> payload) {
    return PointStruct.newBuilder().setId(id(id)).setVectors(vectors(x, y)).putAllPayload(payload).build();
  }

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  private static List<Long> ids(List<ScoredPoint> hits) {
    return hits.stream().map(h -> h.getId().getNum()).toList();
  }

  private SearchPoints.Builder search(String collection, float x, float y) {
    return SearchPoints.newBuilder().setCollectionName(collection).addVector(x).addVector(y).setLimit(10);
  }

  @Test
  void search_scoreThreshold_keepsCosineAtOrAbove_andEuclidAtOrBelow() throws Exception {
    // cosine to (1,0): 1, 0.949, 0
    assertEquals(List.of(1L, 2L), ids(client.searchAsync(search("cos", 1, 0).setScoreThreshold(0.9f).build()).get()));
    // Euclid distance to (3,0): 0, 1, 4.24
    List<ScoredPoint> near = client.searchAsync(search("l2", 3, 0).setScoreThreshold(1.5f).build()).get();
    assertEquals(List.of(1L, 2L), ids(near));
    assertEquals(1f, near.get(1).getScore(), 1e-6f);
  }

  @Test
  void search_offsetLimitFilterAndPayloadSelection() throws Exception {
    List<ScoredPoint> hits = client.searchAsync(search("cos", 1, 0).setOffset(1).setLimit(1)
        .setWithPayload(WithPayloadSelectorFactory.include(List.of("kind"))).build()).get();
    assertEquals(List.of(2L), ids(hits));
    assertEquals(Map.of("kind", value("b")), hits.get(0).getPayloadMap());
    hits = client.searchAsync(search("cos", 1, 0).setFilter(Filter.newBuilder().addMust(ConditionFactory.matchKeyword("kind", "a")))
        .setWithPayload(WithPayloadSelectorFactory.exclude(List.of("text", "n"))).build()).get();
    assertEquals(List.of(1L, 3L), ids(hits));
    assertEquals(Map.of("kind", value("a")), hits.get(1).getPayloadMap());
    assertTrue(client.searchAsync(search("cos", 1, 0).build()).get().get(0).getPayloadMap().isEmpty(), "no payload unless asked");
  }

  @Test
  void withVectors_returnsTheStoredVector_normalizedForCosine() throws Exception {
    ScoredPoint viaSearch = client.searchAsync(search("cos", 0, 1).setLimit(1)
        .setWithVectors(WithVectorsSelectorFactory.enable(true)).build()).get().get(0);
    assertEquals(List.of(0f, 1f), viaSearch.getVectors().getVector().getDense().getDataList());
    ScoredPoint viaQuery = client.queryAsync(QueryPoints.newBuilder().setCollectionName("l2").setQuery(nearest(3f, 1f)).setLimit(1)
        .setWithVectors(WithVectorsSelectorFactory.enable(true)).build()).get().get(0);
    assertEquals(List.of(3f, 1f), viaQuery.getVectors().getVector().getDense().getDataList());
    assertFalse(client.searchAsync(search("cos", 0, 1).build()).get().get(0).hasVectors(), "no vectors unless asked");
  }

  @Test
  void rangeAndTextConditions_followQdrant() throws Exception {
    Filter mid = Filter.newBuilder().addMust(ConditionFactory.range("n", Range.newBuilder().setGt(1).setLte(7).build())).build();
    assertEquals(List.of(2L, 3L), ids(client.searchAsync(search("cos", 1, 0).setFilter(mid).build()).get()));
    Filter launch = Filter.newBuilder().addMust(ConditionFactory.matchText("text", "launch")).build();
    assertEquals(List.of(1L, 3L), ids(client.searchAsync(search("cos", 1, 0).setFilter(launch).build()).get()));
    client.deleteAsync("cos", mid).get();
    assertEquals(1L, client.countAsync("cos").get());
  }

  @Test
  void unemulatedFields_answerUnimplementedNamingTheField() {
    assertUnimplemented("SearchPoints.vector_name", () -> client.searchAsync(search("cos", 1, 0).setVectorName("image").build()).get());
    assertUnimplemented("params.quantization", () -> client.searchAsync(search("cos", 1, 0).setParams(SearchParams.newBuilder()
        .setQuantization(io.qdrant.client.grpc.Points.QuantizationSearchParams.newBuilder().setRescore(true))).build()).get());
    assertUnimplemented("QueryPoints.lookup_from", () -> client.queryAsync(QueryPoints.newBuilder().setCollectionName("cos")
        .setQuery(nearest(1f, 0f)).setLookupFrom(LookupLocation.newBuilder().setCollectionName("l2")).build()).get());
    assertUnimplemented("with_vectors.include", () -> client.searchAsync(search("cos", 1, 0)
        .setWithVectors(WithVectorsSelectorFactory.include(List.of("image"))).build()).get());
    assertUnimplemented("with_payload key path a.b", () -> client.searchAsync(search("cos", 1, 0)
        .setWithPayload(WithPayloadSelectorFactory.include(List.of("a.b"))).build()).get());
    assertUnimplemented("field condition on n.values_count", () -> client.searchAsync(search("cos", 1, 0)
        .setFilter(Filter.newBuilder().addMust(ConditionFactory.valuesCount("n",
            io.qdrant.client.grpc.Common.ValuesCount.newBuilder().setGte(1).build()))).build()).get());
  }

  private static void assertUnimplemented(String named, Executable call) {
    ExecutionException e = assertThrows(ExecutionException.class, call);
    Status status = ((StatusRuntimeException) e.getCause()).getStatus();
    assertEquals(Status.Code.UNIMPLEMENTED, status.getCode(), status.toString());
    assertTrue(status.getDescription().contains(named), status.getDescription());
  }
}
