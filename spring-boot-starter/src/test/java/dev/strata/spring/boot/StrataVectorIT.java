package dev.strata.spring.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.spring.boot.cache.StrataCacheAutoConfiguration;
import dev.strata.spring.boot.vector.StrataVectorAutoConfiguration;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.Redis;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.SearchRequest;
import dev.strata.vector.VectorEntry;
import dev.strata.vector.VentureMatch;
import dev.strata.vector.VentureVectors;
import io.micrometer.core.instrument.MeterRegistry;
import io.qdrant.client.QdrantClient;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The vector part from {@code strata.vector.*} in real contexts over testkit's Qdrant emulator (and Redis). */
class StrataVectorIT {

  private static QdrantServer qdrant;

  @BeforeAll
  static void start() {
    qdrant = Qdrant.startEmulator();
  }

  @AfterAll
  static void stop() {
    qdrant.close();
  }

  private static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class, StrataCacheAutoConfiguration.class, StrataVectorAutoConfiguration.class))
        .withPropertyValues(
            "strata.vector.qdrant.host=" + qdrant.host(),
            "strata.vector.qdrant.port=" + qdrant.grpcPort(),
            "strata.vector.collections.content_embeddings=32",
            "strata.vector.embedding=hashing",
            "strata.vector.hashing-dimension=32");
  }

  @Test
  void ventureVectors_fromProperties_ensuresCollections_andSearchesPerVenture() {
    runner().run(ctx -> {
      VentureVectors vectors = ctx.getBean(VentureVectors.class);
      assertEquals(java.util.Set.of("content_embeddings"), vectors.collections());
      try (QdrantClient client = qdrant.newClient()) {
        assertTrue(client.collectionExistsAsync(vectors.physicalName("v1", "content_embeddings")).get(),
            "the collection was created at start-up");
      }
      EmbeddingProvider embeddings = ctx.getBean(EmbeddingProvider.class);
      assertEquals(32, embeddings.dimension());
      List<float[]> v = embeddings.embed(List.of("cash flow forecast", "instagram post about the launch"));
      vectors.upsert("v1", "content_embeddings", List.of(VectorEntry.of("forecast", v.get(0)), VectorEntry.of("post", v.get(1))));
      vectors.upsert("v2", "content_embeddings", List.of(VectorEntry.of("other-venture", v.get(0))));

      List<VentureMatch> hits = vectors.search("v1", "content_embeddings",
          SearchRequest.of(embeddings.embed("cash flow forecast"), 5));
      assertEquals(2, hits.size(), "only venture v1's points: " + hits);
      assertEquals("forecast", hits.get(0).key());
      assertTrue(hits.stream().allMatch(h -> h.ventureId().equals("v1")), hits.toString());
      assertEquals(1, vectors.count("v2", "content_embeddings"));
    });
  }

  @Test
  void embeddings_areDeduplicatedThroughTheTieredCache_acrossInstances() {
    String ns = "vec-" + UUID.randomUUID().toString().substring(0, 8);
    ApplicationContextRunner cached = runner().withPropertyValues("strata.cache.namespace=" + ns,
        "strata.cache.redis=" + Redis.shared().standalone().uri());
    String text = "unique text " + UUID.randomUUID();
    cached.run(a -> cached.run(b -> {
      float[] first = a.getBean(EmbeddingProvider.class).embed(text);
      assertEquals(1, counter(a, "strata.vector.embedding.provider.calls"));
      float[] again = b.getBean(EmbeddingProvider.class).embed(text);
      assertArrayEquals(first, again);
      assertEquals(0, counter(b, "strata.vector.embedding.provider.calls"), "the other instance found it in Redis");
      assertEquals(1, b.getBean(MeterRegistry.class).get("strata.vector.embeddings").tag("source", "cache").counter().count());
    }));
  }

  @Test
  void embeddings_withoutATieredCache_areDeduplicatedInProcess() {
    runner().run(ctx -> {
      EmbeddingProvider p = ctx.getBean(EmbeddingProvider.class);
      p.embed("same text");
      p.embed("same text");
      assertEquals(1, counter(ctx, "strata.vector.embedding.provider.calls"));
      assertEquals(1, ctx.getBean(MeterRegistry.class).get("strata.vector.embeddings").tag("source", "cache").counter().count());
    });
  }

  @Test
  void noEmbeddingProvider_unlessOneIsNamed() {
    runner().withPropertyValues("strata.vector.embedding=none").run(ctx ->
        assertNotNull(ctx.getStartupFailure(), "none without a bean of the host's is refused at start-up"));
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(StrataVectorAutoConfiguration.class))
        .withPropertyValues("strata.vector.qdrant.host=" + qdrant.host(), "strata.vector.qdrant.port=" + qdrant.grpcPort(),
            "strata.vector.collections.docs=8")
        .run(ctx -> {
          assertNotNull(ctx.getBean(VentureVectors.class));
          assertTrue(ctx.getBeansOfType(EmbeddingProvider.class).isEmpty());
        });
  }

  @Test
  void badVectorProperties_failNamingTheProperty() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(StrataVectorAutoConfiguration.class))
        .withPropertyValues("strata.vector.qdrant.host=" + qdrant.host(), "strata.vector.qdrant.port=" + qdrant.grpcPort())
        .run(ctx -> assertEquals("strata.vector.collections", property(ctx.getStartupFailure())));
    runner().withPropertyValues("strata.vector.hashing-dimension=0").run(ctx ->
        assertEquals("strata.vector.hashing-dimension", property(ctx.getStartupFailure())));
    runner().withPropertyValues("strata.vector.qdrant.port=0").run(ctx ->
        assertEquals("strata.vector.qdrant.port", property(ctx.getStartupFailure())));
    runner().withPropertyValues("strata.vector.collections.content_embeddings=0").run(ctx ->
        assertEquals("strata.vector.collections.content_embeddings", property(ctx.getStartupFailure())));
  }

  private static String property(Throwable failure) {
    assertNotNull(failure, "start-up should have failed");
    Throwable t = failure;
    while (t != null && !(t instanceof StrataPropertyException)) {
      if (t instanceof BindException) {
        return ((BindException) t).getProperty().getName().toString();
      }
      t = t.getCause();
    }
    return assertInstanceOf(StrataPropertyException.class, t, failure.toString()).property();
  }

  private static double counter(org.springframework.context.ApplicationContext ctx, String name) {
    var c = ctx.getBean(MeterRegistry.class).find(name).counter();
    return c == null ? 0 : c.count();
  }
}
