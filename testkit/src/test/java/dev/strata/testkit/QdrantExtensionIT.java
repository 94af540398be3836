package dev.strata.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QdrantExtensionIT {

  @RegisterExtension
  static final QdrantExtension QDRANT = QdrantExtension.emulator();

  static QdrantServer classServer;
  static QdrantClient classClient;

  @BeforeAll
  static void setUp(QdrantServer server, QdrantClient client) throws Exception {
    classServer = server;
    classClient = client;
    client.createCollectionAsync("ext_docs", VectorParams.newBuilder().setSize(2).setDistance(Distance.Cosine).build()).get();
  }

  @Test
  void oneServerAndOneClientPerClass_startedAndConnected(QdrantServer server, QdrantClient client) throws Exception {
    assertSame(classServer, server);
    assertSame(classClient, client);
    assertTrue(client.collectionExistsAsync("ext_docs").get(), "the client talks to the class's server");
  }

  @Test
  void emulator_supportsFaultInjection(QdrantServer server, QdrantClient client) throws Exception {
    assertTrue(server.supportsFaultInjection());
    long before = server.requestCount();
    assertEquals(0L, client.countAsync("ext_docs").get());
    assertEquals(1, server.requestCount() - before);
  }
}
