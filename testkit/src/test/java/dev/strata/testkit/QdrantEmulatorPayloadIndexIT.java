package dev.strata.testkit;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.ValueFactory.list;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdrant.client.ConditionFactory;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.KeywordIndexParams;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator answers a filter with a top-level must match on a keyword / integer payload index from
 * that index; this checks, on random data and filters, that it answers exactly what the scan of a
 * collection without indexes answers (same ids, order, scores, payloads, counts), through many
 * upserts, overwrites, payload changes and deletes by id and by filter.
 */
class QdrantEmulatorPayloadIndexIT {

  private static final String INDEXED = "indexed";
  private static final String PLAIN = "plain";
  private static final List<String> TENANTS = List.of("t0", "t1", "t2", "t3", "t4");

  private QdrantServer server;
  private QdrantClient client;

  @BeforeEach
  void start() {
    server = Qdrant.startEmulator();
    client = server.newClient();
  }

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  void indexedCollection_answersExactlyAsTheScan_throughRandomWritesAndFilters() throws Exception {
    for (long seed = 1; seed <= 3; seed++) {
      run(seed);
    }
  }

  private void run(long seed) throws Exception {
    Random rnd = new Random(seed);
    String indexed = INDEXED + seed;
    String plain = PLAIN + seed;
    VectorParams params = VectorParams.newBuilder().setSize(3).setDistance(seed == 2 ? Distance.Euclid : Distance.Cosine).build();
    client.createCollectionAsync(indexed, params).get();
    client.createCollectionAsync(plain, params).get();
    client.createPayloadIndexAsync(indexed, "tenant", PayloadSchemaType.Keyword, PayloadIndexParams.newBuilder()
        .setKeywordIndexParams(KeywordIndexParams.newBuilder().setIsTenant(true)).build(), true, null, null).get();
    client.createPayloadIndexAsync(indexed, "n", PayloadSchemaType.Integer, null, true, null, null).get();
    int nonEmpty = 0;
    for (int step = 0; step < 200; step++) {
      if (step == 60) {
        // an index created over stored points starts from them
        client.createPayloadIndexAsync(indexed, "tag", PayloadSchemaType.Keyword, null, true, null, null).get();
      }
      write(rnd, indexed, plain);
      for (int q = 0; q < 3; q++) {
        nonEmpty += compare(rnd, indexed, plain, "seed " + seed + " step " + step);
      }
    }
    // the comparison is not vacuous: most searches found something
    assertTrue(nonEmpty > 300, "searches with hits: " + nonEmpty);
  }

  /** One random write, applied to both collections. */
  private void write(Random rnd, String indexed, String plain) throws Exception {
    int kind = rnd.nextInt(10);
    long choices = rnd.nextLong();
    for (String c : List.of(indexed, plain)) {
      Random r = new Random(choices);   // the same choices for both collections
      if (kind < 6) {
        List<PointStruct> batch = new ArrayList<>();
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
          // few ids, so most upserts overwrite a point (its payload changes, it keeps its place)
          batch.add(PointStruct.newBuilder().setId(id(r.nextInt(60)))
              .setVectors(vectors(r.nextInt(3), r.nextInt(3), 1 + r.nextInt(2))).putAllPayload(payload(r)).build());
        }
        client.upsertAsync(c, batch).get();
      } else if (kind < 8) {
        List<PointId> ids = new ArrayList<>();
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
          ids.add(id(r.nextInt(60)));
        }
        client.deleteAsync(c, ids).get();
      } else if (kind < 9) {
        client.deleteAsync(c, Filter.newBuilder().addMust(tenantMatch(r)).addMust(ConditionFactory.match("n", r.nextInt(5))).build())
            .get();
      } else {
        client.deleteAsync(c, filter(r)).get();
      }
    }
  }

  private static Condition tenantMatch(Random r) {
    return ConditionFactory.matchKeyword("tenant", TENANTS.get(r.nextInt(TENANTS.size())));
  }

  /** Payloads with the shapes an index must follow: one value, a list, none, the other type. */
  private static Map<String, Value> payload(Random r) {
    Map<String, Value> p = new HashMap<>();
    switch (r.nextInt(8)) {
      case 0 -> { }
      case 1 -> p.put("tenant", list(List.of(value(TENANTS.get(r.nextInt(5))), value(TENANTS.get(r.nextInt(5))))));
      case 2 -> p.put("tenant", value(r.nextInt(3)));
      default -> p.put("tenant", value(TENANTS.get(r.nextInt(5))));
    }
    switch (r.nextInt(6)) {
      case 0 -> { }
      case 1 -> p.put("n", value(String.valueOf(r.nextInt(5))));
      case 2 -> p.put("n", list(List.of(value(r.nextInt(5)), value(r.nextInt(5)))));
      default -> p.put("n", value(r.nextInt(5)));
    }
    if (r.nextBoolean()) {
      p.put("tag", value(r.nextBoolean() ? "red" : "blue"));
    }
    return p;
  }

  /** A random filter: often a top-level must on an indexed field, mixed with every other supported shape. */
  private static Filter filter(Random r) {
    Filter.Builder f = Filter.newBuilder();
    for (int i = r.nextInt(3); i >= 0; i--) {
      Condition c = condition(r, 0);
      switch (r.nextInt(4)) {
        case 0 -> f.addMustNot(c);
        case 1 -> f.addShould(c);
        default -> f.addMust(c);
      }
    }
    return f.build();
  }

  private static Condition condition(Random r, int depth) {
    return switch (r.nextInt(depth > 1 ? 9 : 10)) {
      case 0, 1, 2 -> tenantMatch(r);
      case 3 -> ConditionFactory.match("n", r.nextInt(5));
      case 4 -> ConditionFactory.matchKeyword("tag", r.nextBoolean() ? "red" : "blue");
      case 5 -> ConditionFactory.matchKeyword("n", String.valueOf(r.nextInt(5)));    // keyword match on the integer index
      case 6 -> ConditionFactory.match("tenant", r.nextInt(3));                      // integer match on the keyword index
      case 7 -> ConditionFactory.range("n", Range.newBuilder().setGte(r.nextInt(5)).build());
      case 8 -> ConditionFactory.hasId(List.of(id(r.nextInt(60)), id(r.nextInt(60))));
      default -> ConditionFactory.filter(filter(r).toBuilder().addMust(condition(r, depth + 1)).build());
    };
  }

  /** One random Query, Search and Count on both collections; returns how many of the two searches found points. */
  private int compare(Random rnd, String indexed, String plain, String where) throws Exception {
    Filter filter = filter(rnd);
    float[] v = {rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3)};
    int limit = 1 + rnd.nextInt(40);
    List<List<ScoredPoint>> queried = new ArrayList<>();
    List<List<ScoredPoint>> searched = new ArrayList<>();
    List<Long> counted = new ArrayList<>();
    for (String c : List.of(indexed, plain)) {
      queried.add(client.queryAsync(QueryPoints.newBuilder().setCollectionName(c).setQuery(nearest(v)).setFilter(filter)
          .setLimit(limit).setWithPayload(WithPayloadSelectorFactory.enable(true)).build()).get());
      SearchPoints.Builder s = SearchPoints.newBuilder().setCollectionName(c).setFilter(filter).setLimit(limit)
          .setWithPayload(WithPayloadSelectorFactory.enable(true));
      for (float x : v) {
        s.addVector(x);
      }
      searched.add(client.searchAsync(s.build()).get());
      counted.add(client.countAsync(c, filter, true).get());
    }
    String what = where + ", filter " + filter.toString().replace('\n', ' ');
    assertEquals(queried.get(1), queried.get(0), "query: " + what);
    assertEquals(searched.get(1), searched.get(0), "search: " + what);
    assertEquals(counted.get(1), counted.get(0), "count: " + what);
    return (queried.get(0).isEmpty() ? 0 : 1) + (searched.get(0).isEmpty() ? 0 : 1);
  }
}
