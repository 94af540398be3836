package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.LogCapture;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.TlsProxy;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Qdrant that requires an API key (testkit's emulator with one), reached the way vector/README.md shows. */
class QdrantApiKeyIT {

  private static final String KEY = "qdrant-api-key-5ecret-0042";
  private static final String WRONG = "qdrant-api-key-wr0ng-0042";
  private static final QdrantOptions FAST = QdrantOptions.builder().maxAttempts(3)
      .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build();
  private static QdrantServer server;

  @BeforeAll
  static void start() {
    server = Qdrant.startEmulator(KEY);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static QdrantClient client(String apiKey, boolean tls) {
    QdrantGrpcClient.Builder b = QdrantGrpcClient.newBuilder(server.host(), server.grpcPort(), tls, false);
    return new QdrantClient((apiKey == null ? b : b.withApiKey(apiKey)).build());
  }

  @Test
  void withApiKey_storeEnsuresUpsertsAndSearches() {
    try (QdrantClient client = client(KEY, false);
        VectorStore store = VectorStores.qdrant(client, FAST, VectorStatsListener.NONE)) {
      String c = VectorStoreContract.name("keyed");
      store.ensureCollection(CollectionSpec.of(c, 2, Distance.COSINE));
      store.upsert(c, List.of(VectorPoint.of(UUID.randomUUID(), new float[] {1, 0})));
      assertEquals(1, store.search(c, SearchRequest.of(new float[] {1, 0}, 3)).size());
    }
  }

  @Test
  void wrongKey_failsPermanentlyWithoutRetrying_andTheKeyIsInNoMessageOrLogLine() {
    try (LogCapture logs = LogCapture.start(); QdrantClient client = client(WRONG, false);
        VectorStore store = VectorStores.qdrant(client, FAST, VectorStatsListener.NONE)) {
      long before = server.requestCount();
      VectorStoreException e = assertThrows(VectorStoreException.class,
          () -> store.ensureCollection(CollectionSpec.of(VectorStoreContract.name("wrong"), 2, Distance.COSINE)));
      assertFalse(e.isTransient(), "a refused key is not retried");
      assertTrue(e.getMessage().contains("UNAUTHENTICATED"), e.getMessage());
      assertEquals(before, server.requestCount(), "refused before it reached the service");
      LogCapture.assertAbsent("exception", stackTrace(e), WRONG, KEY);
      logs.assertNoneOf(WRONG, KEY);
    }
  }

  @Test
  void noKey_failsWithUnauthenticated() {
    try (QdrantClient client = client(null, false);
        VectorStore store = VectorStores.qdrant(client, FAST, VectorStatsListener.NONE)) {
      VectorStoreException e = assertThrows(VectorStoreException.class,
          () -> store.count(VectorStoreContract.name("none"), Filter.empty()));
      assertTrue(e.getMessage().contains("UNAUTHENTICATED"), e.getMessage());
    }
  }

  @Test
  void useTransportLayerSecurity_makesTheChannelSpeakTls_whichThisPlaintextServerCannotAnswer() {
    // no certificates here: what can be shown is that the flag reaches the channel — a TLS handshake
    // against a plaintext port fails as UNAVAILABLE and the emulator never sees a call
    try (QdrantClient client = client(KEY, true);
        VectorStore store = VectorStores.qdrant(client, FAST, VectorStatsListener.NONE)) {
      long before = server.requestCount();
      VectorStoreException e = assertThrows(VectorStoreException.class,
          () -> store.count(VectorStoreContract.name("tls"), Filter.empty()));
      assertTrue(e.isTransient(), e.getMessage());
      assertTrue(e.getMessage().contains("UNAVAILABLE"), e.getMessage());
      assertEquals(before, server.requestCount());
    }
  }

  @Test
  void tlsWithYourOwnTrustStore_throughAChannelOfYourOwn_reachesQdrantWithTheKey() throws Exception {
    // testkit's TLS proxy (self-signed, ALPN h2) in front of the keyed emulator
    try (TlsProxy proxy = TlsProxy.start(server.host(), server.grpcPort())) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(proxy.trustStore())) {
        trust.load(in, TlsProxy.TRUST_STORE_PASSWORD.toCharArray());
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", proxy.port())
          .sslContext(GrpcSslContexts.forClient().trustManager(tmf).build()).build();
      try (QdrantClient client = new QdrantClient(QdrantGrpcClient.newBuilder(channel, true, false).withApiKey(KEY).build());
          VectorStore store = VectorStores.qdrant(client, FAST, VectorStatsListener.NONE)) {
        String c = VectorStoreContract.name("tls");
        store.ensureCollection(CollectionSpec.of(c, 2, Distance.COSINE));
        assertEquals(0, store.count(c, Filter.empty()));
      }
      assertTrue(proxy.handshakes() > 0, "the calls went over TLS");
    }
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
