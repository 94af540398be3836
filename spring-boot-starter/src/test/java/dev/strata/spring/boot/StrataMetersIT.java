package dev.strata.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cache.TieredCache;
import dev.strata.routing.RoutingDataSource;
import dev.strata.spring.boot.cache.StrataCacheAutoConfiguration;
import dev.strata.spring.boot.routing.StrataRoutingAutoConfiguration;
import dev.strata.spring.boot.vector.StrataVectorAutoConfiguration;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.Redis;
import dev.strata.testkit.TestDatabase;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.SearchRequest;
import dev.strata.vector.VectorEntry;
import dev.strata.vector.VentureVectors;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The meters the starter binds in the {@link MeterRegistry} that Spring Boot's metrics
 * auto-configuration creates: present once the context is up, and moving as the parts are used.
 */
class StrataMetersIT {

  private static TestDatabase db;

  @BeforeAll
  static void database() throws Exception {
    db = PostgreSQL.shared().newDatabase("meters");
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
  }

  @Test
  void cacheRoutingPoolAndVectorMeters_areInSpringBootsRegistry_andMove() {
    try (QdrantServer qdrant = Qdrant.startEmulator()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
              SimpleMetricsExportAutoConfiguration.class, StrataCacheAutoConfiguration.class,
              StrataRoutingAutoConfiguration.class, StrataVectorAutoConfiguration.class))
          .withPropertyValues(
              "strata.cache.namespace=meters-" + UUID.randomUUID().toString().substring(0, 8),
              "strata.cache.redis=" + Redis.shared().standalone().uri(),
              "strata.routing.primary.url=" + db.jdbcUrl(),
              "strata.routing.primary.password=" + (db.password() == null ? "" : db.password()),
              "strata.routing.replicas.replica-1.url=" + db.replicaJdbcUrl(),
              "strata.vector.qdrant.host=" + qdrant.host(),
              "strata.vector.qdrant.port=" + qdrant.grpcPort(),
              "strata.vector.collections.notes=16",
              "strata.vector.embedding=hashing",
              "strata.vector.hashing-dimension=16")
          .run(ctx -> {
            MeterRegistry registry = ctx.getBean(MeterRegistry.class);

            // cache
            TieredCache cache = ctx.getBean(TieredCache.class);
            double l1Misses = count(registry.find("strata.cache.gets").tag("tier", "l1").tag("result", "miss"));
            double l1Hits = count(registry.find("strata.cache.gets").tag("tier", "l1").tag("result", "hit"));
            cache.getOrSet("k", String.class, Duration.ofMinutes(1), () -> "v");
            cache.getOrSet("k", String.class, Duration.ofMinutes(1), () -> "v");
            assertEquals(l1Misses + 1, count(registry.find("strata.cache.gets").tag("tier", "l1").tag("result", "miss")));
            assertEquals(l1Hits + 1, count(registry.find("strata.cache.gets").tag("tier", "l1").tag("result", "hit")));
            assertEquals(1, registry.get("strata.cache.loads").tag("result", "success").timer().count());
            assertNotNull(registry.find("strata.cache.circuit.open").gauge());

            // routing and pools
            RoutingDataSource router = ctx.getBean(RoutingDataSource.class);
            double reads = count(registry.find("strata.routing.connections").tag("target", "replica-1").tag("kind", "read"));
            double writes = count(registry.find("strata.routing.connections").tag("target", "primary").tag("kind", "write"));
            try (Connection c = router.getConnection()) {
              c.setReadOnly(true);
              c.createStatement().execute("SELECT 1");
            }
            try (Connection c = router.getConnection()) {
              c.createStatement().execute("SELECT 1");
            }
            assertEquals(reads + 1, count(registry.find("strata.routing.connections").tag("target", "replica-1").tag("kind", "read")));
            assertEquals(writes + 1, count(registry.find("strata.routing.connections").tag("target", "primary").tag("kind", "write")));
            router.checkNow();
            assertNotNull(registry.find("strata.routing.replica.healthy").tag("replica", "replica-1").gauge());
            assertEquals(1.0, registry.get("strata.routing.replica.healthy").tag("replica", "replica-1").gauge().value());
            Set<String> pools = registry.find("hikaricp.connections").meters().stream()
                .map(m -> m.getId().getTag("pool")).collect(Collectors.toSet());
            assertEquals(Set.of("strata-primary", "strata-replica-1"), pools, "both pools are bound");
            assertTrue(registry.get("hikaricp.connections.acquire").tag("pool", "strata-replica-1").timer().count() > 0,
                "the replica pool's acquisitions are counted");
            assertNotNull(registry.find("strata.pool.usage").tag("pool", "strata-primary").gauge());

            // vector
            VentureVectors vectors = ctx.getBean(VentureVectors.class);
            EmbeddingProvider embeddings = ctx.getBean(EmbeddingProvider.class);
            List<float[]> v = embeddings.embed(List.of("quarterly revenue", "quarterly revenue", "launch plan"));
            assertEquals(3, count(registry.find("strata.vector.embeddings.requested")));
            assertEquals(1, count(registry.find("strata.vector.embeddings").tag("source", "duplicate")));
            assertEquals(2, count(registry.find("strata.vector.embeddings").tag("source", "computed")));
            vectors.upsert("v1", "notes", List.of(VectorEntry.of("a", v.get(0)), VectorEntry.of("b", v.get(2))));
            vectors.search("v1", "notes", SearchRequest.of(v.get(0), 1));
            assertEquals(1, registry.get("strata.vector.upsert").tag("collection", "notes").timer().count());
            assertEquals(2, count(registry.find("strata.vector.upsert.points")));
            assertEquals(1, registry.get("strata.vector.search").tag("collection", "notes").timer().count());
          });
    }
  }

  @Test
  void noMeters_withoutARegistry_andTheStarterStillWorks() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(StrataCacheAutoConfiguration.class))
        .withPropertyValues("strata.cache.namespace=nometers", "strata.cache.redis=" + Redis.shared().standalone().uri())
        .run(ctx -> {
          assertTrue(ctx.getBeansOfType(MeterRegistry.class).isEmpty());
          assertTrue(ctx.getBeansOfType(dev.strata.metrics.CacheMetrics.class).isEmpty());
          assertEquals("v", ctx.getBean(TieredCache.class).getOrSet("k", String.class, Duration.ofMinutes(1), () -> "v"));
        });
  }

  /** The sum of the counters (or function counters) found; 0 when none is registered yet. */
  private static double count(Search search) {
    double sum = 0;
    for (Meter m : search.meters()) {
      for (var measurement : m.measure()) {
        if (measurement.getStatistic() == io.micrometer.core.instrument.Statistic.COUNT) {
          sum += measurement.getValue();
        }
      }
    }
    return sum;
  }
}
