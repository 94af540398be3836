package dev.strata.spring.boot.routing;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.Objects;

/**
 * The connection pools under the auto-configured router: not {@code DataSource} beans themselves,
 * so the router stays the application's one {@code DataSource}. Closed with the context, after the
 * router.
 *
 * @param primary  the primary's pool
 * @param replicas each replica's pool by name, in configuration order
 */
public record RoutingPools(HikariDataSource primary, Map<String, HikariDataSource> replicas) implements AutoCloseable {

  /** Checks and copies the arguments. */
  public RoutingPools {
    Objects.requireNonNull(primary, "primary");
    replicas = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Objects.requireNonNull(replicas, "replicas")));
  }

  /** Closes every pool. */
  @Override
  public void close() {
    replicas.values().forEach(HikariDataSource::close);
    primary.close();
  }
}
