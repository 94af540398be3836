package dev.strata.spring.boot.actuate;

import dev.strata.cache.TieredCache;
import dev.strata.metrics.HealthPreset;
import dev.strata.metrics.HealthReport;
import dev.strata.routing.RoutingDataSource;
import dev.strata.routing.RoutingStats;
import dev.strata.spring.boot.cache.CacheCircuitState;
import dev.strata.spring.boot.cache.StrataCacheAutoConfiguration;
import dev.strata.spring.boot.routing.StrataRoutingAutoConfiguration;
import dev.strata.spring.boot.vector.StrataVectorAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.qdrant.client.QdrantClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health indicators (Spring Boot's {@code spring-boot-health}, shown by Actuator's health endpoint):
 * {@code strataCache} (the Redis circuit breaker), {@code strataRouting} (one component per replica:
 * in rotation and its lag), {@code strataQdrant} (Qdrant's health check) and
 * {@code strataHealthReport} (strata-metrics' preset checks). Each is defined only when the thing it
 * watches is, and yields to a bean of the same name.
 */
@AutoConfiguration(after = {StrataCacheAutoConfiguration.class, StrataRoutingAutoConfiguration.class,
    StrataVectorAutoConfiguration.class},
    afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(HealthIndicator.class)
public class StrataHealthAutoConfiguration {

  /** Created by Spring. */
  public StrataHealthAutoConfiguration() {}

  /** Redis as the cache sees it: DOWN while the breaker is open (the cache then serves L1 and loaders). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(TieredCache.class)
  @ConditionalOnBean({TieredCache.class, CacheCircuitState.class})
  static class CacheHealth {
    @Bean
    @ConditionalOnMissingBean(name = "strataCacheHealthIndicator")
    HealthIndicator strataCacheHealthIndicator(TieredCache cache, CacheCircuitState circuit) {
      return () -> {
        Health.Builder b = circuit.isOpen() ? Health.down() : Health.up();
        return b.withDetail("circuit", circuit.isOpen() ? "open" : "closed")
            .withDetail("circuitOpens", circuit.opens())
            .withDetail("l2Errors", cache.stats().l2Errors())
            .build();
      };
    }
  }

  /** Each replica: UP in rotation (with its lag), DOWN out of it. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RoutingDataSource.class)
  @ConditionalOnBean(RoutingDataSource.class)
  static class RoutingHealth {
    @Bean
    @ConditionalOnMissingBean(name = "strataRoutingHealthContributor")
    HealthContributor strataRoutingHealthContributor(RoutingDataSource router) {
      Map<String, HealthIndicator> replicas = new LinkedHashMap<>();
      for (String name : router.stats().replicas().keySet()) {
        replicas.put(name, () -> replicaHealth(router.stats().replicas().get(name)));
      }
      if (replicas.isEmpty()) {
        return (HealthIndicator) () -> Health.up().withDetail("replicas", 0).build();
      }
      return CompositeHealthContributor.fromMap(replicas);
    }

    private static Health replicaHealth(RoutingStats.ReplicaStatus s) {
      if (s == null) {
        return Health.unknown().build();
      }
      return (s.healthy() ? Health.up() : Health.down())
          .withDetail("lagBytes", s.lagBytes())
          .withDetail("lagMillis", s.lagMillis())
          .withDetail("activeConnections", s.activeConnections())
          .build();
    }
  }

  /** Qdrant's own health check over gRPC, bounded by 5 s. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(QdrantClient.class)
  @ConditionalOnBean(QdrantClient.class)
  static class QdrantHealth {
    @Bean
    @ConditionalOnMissingBean(name = "strataQdrantHealthIndicator")
    HealthIndicator strataQdrantHealthIndicator(QdrantClient client) {
      return () -> {
        try {
          var reply = client.healthCheckAsync(Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
          return Health.up().withDetail("version", reply.getVersion()).build();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Health.down(e).build();
        } catch (Exception e) {
          return Health.down(e).build();
        }
      };
    }
  }

  /**
   * strata-metrics' health report with its preset checks, judged at each health request. Breaches
   * are alerts, not outages: the status stays UP; the details list every result (check, tags, state,
   * value and threshold) under {@code results} and the breached ones again under {@code breached}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({HealthReport.class, MeterRegistry.class})
  @ConditionalOnBean(MeterRegistry.class)
  static class Report {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    HealthReport strataHealthReport(MeterRegistry registry) {
      return HealthReport.builder(registry).checks(HealthPreset.checks()).build();
    }

    @Bean
    @ConditionalOnMissingBean(name = "strataHealthReportHealthIndicator")
    HealthIndicator strataHealthReportHealthIndicator(HealthReport report) {
      return () -> {
        List<HealthReport.Result> results = report.evaluate();
        List<String> breached = results.stream().filter(HealthReport.Result::breached).map(HealthReport.Result::toString).toList();
        return Health.up().withDetail("checks", results.size()).withDetail("breached", breached)
            .withDetail("results", results.stream().map(HealthReport.Result::toString).toList()).build();
      };
    }
  }
}
