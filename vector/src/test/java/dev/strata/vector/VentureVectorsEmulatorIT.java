package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdrant.client.grpc.Collections.CollectionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link VentureVectors} over the Qdrant adapter and testkit's emulator, plus what the shared collection looks like in Qdrant. */
class VentureVectorsEmulatorIT extends VentureVectorsContract {

  static EmulatedQdrant qdrant;

  @BeforeAll
  static void start() {
    qdrant = EmulatedQdrant.start();
  }

  @AfterAll
  static void stop() {
    qdrant.close();
  }

  @Override
  protected VectorStore store() {
    return qdrant.store;
  }

  @Override
  protected long requestsSeen() {
    return qdrant.server.requestCount();
  }

  @Test
  void sharedCollection_hasTenantIndex_andPerTenantHnsw() throws Exception {
    vectors(Partitioning.SHARED_COLLECTION, "layout");
    CollectionInfo info = qdrant.client.getCollectionInfoAsync("layout_content").get();
    var tenant = info.getPayloadSchemaMap().get(VentureVectors.DEFAULT_TENANT_FIELD);
    assertEquals(io.qdrant.client.grpc.Collections.PayloadSchemaType.Keyword, tenant.getDataType());
    assertTrue(tenant.getParams().getKeywordIndexParams().getIsTenant());
    assertEquals(0, info.getConfig().getHnswConfig().getM());
    assertEquals(CollectionSpec.DEFAULT_PAYLOAD_M, info.getConfig().getHnswConfig().getPayloadM());
    var kind = qdrant.client.getCollectionInfoAsync("layout_social").get().getPayloadSchemaMap().get("kind");
    assertEquals(false, kind.getParams().getKeywordIndexParams().getIsTenant());
    assertEquals(DIM, qdrant.store.describe("layout_content").dimension());
    assertEquals(VentureVectors.DEFAULT_TENANT_FIELD, qdrant.store.describe("layout_content").tenantField());
  }
}
