package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.QdrantExtension;
import dev.strata.testkit.QdrantServer;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link VentureVectors} over the Qdrant adapter and testkit's emulator, plus what the shared collection looks like in Qdrant. */
class VentureVectorsEmulatorIT extends VentureVectorsContract {

  @RegisterExtension
  static final QdrantExtension QDRANT = QdrantExtension.emulator(); // counts the requests it receives

  static QdrantServer server;
  static QdrantClient client;
  static VectorStore store;

  @BeforeAll
  static void start(QdrantServer emulator, QdrantClient qdrantClient) {
    server = emulator;
    client = qdrantClient;
    store = VectorStores.qdrant(client, QdrantOptions.defaults(), VectorStatsListener.NONE);
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @Override
  protected VectorStore store() {
    return store;
  }

  @Override
  protected long requestsSeen() {
    return server.requestCount();
  }

  @Test
  void sharedCollection_hasTenantIndex_andPerTenantHnsw() throws Exception {
    vectors(Partitioning.SHARED_COLLECTION, "layout");
    CollectionInfo info = client.getCollectionInfoAsync("layout_content").get();
    var tenant = info.getPayloadSchemaMap().get(VentureVectors.DEFAULT_TENANT_FIELD);
    assertEquals(io.qdrant.client.grpc.Collections.PayloadSchemaType.Keyword, tenant.getDataType());
    assertTrue(tenant.getParams().getKeywordIndexParams().getIsTenant());
    assertEquals(0, info.getConfig().getHnswConfig().getM());
    assertEquals(CollectionSpec.DEFAULT_PAYLOAD_M, info.getConfig().getHnswConfig().getPayloadM());
    var kind = client.getCollectionInfoAsync("layout_social").get().getPayloadSchemaMap().get("kind");
    assertEquals(false, kind.getParams().getKeywordIndexParams().getIsTenant());
    assertEquals(DIM, store.describe("layout_content").dimension());
    assertEquals(VentureVectors.DEFAULT_TENANT_FIELD, store.describe("layout_content").tenantField());
  }
}
