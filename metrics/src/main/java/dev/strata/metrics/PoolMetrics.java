package dev.strata.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Meters for a HikariCP pool (e.g. one made by {@code StrataPools.create}): HikariCP's own
 * {@code hikaricp.*} meters (connections active, idle, pending, max, min, acquire/usage/creation
 * timers, timeouts), tagged {@code pool} by HikariCP, plus a usage ratio.
 *
 * <pre>{@code
 * HikariDataSource pool = StrataPools.create(settings);
 * PoolMetrics.bind(pool, registry);
 * }</pre>
 *
 * <table>
 *   <caption>meters added here</caption>
 *   <tr><td>{@code strata.pool.usage}</td><td>gauge, tag {@code pool}: connections in use over the pool's maximum, read live from the pool (HikariCP's own gauges may lag up to a second)</td></tr>
 * </table>
 */
public final class PoolMetrics {

  private PoolMetrics() {}

  /**
   * Binds {@code pool}: registers HikariCP's meters on {@code registry} unless the pool already has
   * a metrics registry or tracker factory (e.g. set through {@code PoolSettings.customizer}), and
   * adds {@code strata.pool.usage} tagged with the pool's name.
   *
   * @param pool a started pool (pool names are tags: give each pool its own, fixed name)
   * @throws IllegalArgumentException if the pool is not started, or a pool of that name is already bound
   */
  public static void bind(HikariDataSource pool, MeterRegistry registry) {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(registry, "registry");
    HikariPoolMXBean mx = pool.getHikariPoolMXBean();
    if (mx == null) {
      throw new IllegalArgumentException("pool must be started (closed or lazily started pools cannot be bound), was: "
          + pool.getPoolName());
    }
    String name = pool.getPoolName();
    if (registry.find("strata.pool.usage").tag("pool", name).gauge() != null) {
      throw new IllegalArgumentException("pool '" + name + "' is already bound on this registry; give each pool its own name");
    }
    if (pool.getMetricRegistry() == null && pool.getMetricsTrackerFactory() == null) {
      pool.setMetricRegistry(registry);
    }
    Gauge.builder("strata.pool.usage", pool, p -> usage(p, mx)).tag("pool", name)
        .description("connections in use over the pool's maximum size").register(registry);
  }

  private static double usage(HikariDataSource pool, HikariPoolMXBean mx) {
    if (pool.isClosed()) {
      return Double.NaN;
    }
    return (double) mx.getActiveConnections() / pool.getMaximumPoolSize();
  }
}
