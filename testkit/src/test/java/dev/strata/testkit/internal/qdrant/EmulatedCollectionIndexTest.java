package dev.strata.testkit.internal.qdrant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qdrant.client.ConditionFactory;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Common.Filter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which points a filter's search looks at: a tenant's points through its payload index, else all. */
class EmulatedCollectionIndexTest {

  private static EmulatedCollection collection() {
    return new EmulatedCollection(CreateCollection.newBuilder().setCollectionName("c").setVectorsConfig(VectorsConfig.newBuilder()
        .setParams(VectorParams.newBuilder().setSize(1).setDistance(Distance.Dot))).build());
  }

  private static void put(EmulatedCollection c, String id, String tenant) {
    c.put(id, new EmulatedCollection.Point(new float[] {1}, Map.of("venture_id", ValueFactory.value(tenant)), null));
  }

  private static Filter tenant(String t) {
    return Filter.newBuilder().addMust(ConditionFactory.matchKeyword("venture_id", t))
        .addMustNot(ConditionFactory.matchKeyword("kind", "draft")).build();
  }

  private static List<String> candidates(EmulatedCollection c, Filter f) {
    return List.copyOf(c.candidates(f));
  }

  @Test
  void tenantMatch_onKeywordIndex_looksOnlyAtThatTenantsPoints_keptThroughWrites() {
    EmulatedCollection c = collection();
    for (int i = 0; i < 9; i++) {
      put(c, String.valueOf(i), "t" + i % 3);
    }
    assertEquals(9, candidates(c, tenant("t1")).size(), "no index yet: every point");

    c.createIndex("venture_id", PayloadSchemaInfo.newBuilder().setDataType(PayloadSchemaType.Keyword).build());
    assertEquals(List.of("1", "4", "7"), candidates(c, tenant("t1")));

    put(c, "4", "t2");                      // overwrite moves the point to another tenant
    put(c, "10", "t1");
    c.remove("7");
    c.removeMatching(Set.of(), tenant("t0"));
    assertEquals(List.of("1", "10"), candidates(c, tenant("t1")));
    assertEquals(List.of("2", "4", "5", "8"), candidates(c, tenant("t2")));
    assertEquals(List.of(), candidates(c, tenant("t0")));
    assertEquals(4, c.count(Set.of(), tenant("t2")));

    // not served by the index: the scan
    Filter shouldOnly = Filter.newBuilder().addShould(ConditionFactory.matchKeyword("venture_id", "t1")).build();
    assertEquals(6, candidates(c, shouldOnly).size());
    assertEquals(6, candidates(c, Filter.newBuilder().addMust(ConditionFactory.match("venture_id", 1)).build()).size());
  }
}
