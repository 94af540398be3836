package dev.strata.metrics;

import dev.strata.routing.RoutingListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Meters for a {@code RoutingDataSource}: pass it as the router's listener.
 *
 * <pre>{@code
 * RoutingConfig.builder().primary(p).replica("r1", r).listener(RoutingMetrics.create(registry)).build();
 * }</pre>
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><td>{@code strata.routing.connections}</td><td>counter; tags {@code target} (primary or a replica name), {@code kind} (read, write, fallback)</td></tr>
 *   <tr><td>{@code strata.routing.fallbacks}</td><td>counter; tag {@code reason}: why a read wanted a replica and used the primary</td></tr>
 *   <tr><td>{@code strata.routing.replica.lag.bytes}, {@code strata.routing.replica.lag.ms}</td><td>gauges per {@code replica}, last measurement (-1 unknown)</td></tr>
 *   <tr><td>{@code strata.routing.replica.healthy}</td><td>gauge per {@code replica}: 1 in rotation, 0 out</td></tr>
 *   <tr><td>{@code strata.routing.replica.health.changes}</td><td>counter per {@code replica} and {@code healthy}</td></tr>
 * </table>
 * Tags take bounded values only (replica names, fixed reasons); failure messages are logged by the
 * router, never used as tags.
 */
public final class RoutingMetrics implements RoutingListener {

  private final MeterRegistry registry;
  private final Map<String, Counter> routes = new ConcurrentHashMap<>();
  private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();
  private final java.util.Set<String> replicaGauges = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> lagBytes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lagMillis = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> healthy = new ConcurrentHashMap<>();

  private RoutingMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A listener that records into {@code registry}. */
  public static RoutingMetrics create(MeterRegistry registry) {
    return new RoutingMetrics(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void onRoute(String target, String reason) {
    String kind = reason.startsWith("fallback") ? "fallback" : isRead(target, reason) ? "read" : "write";
    routes.computeIfAbsent(target + '|' + kind, k -> Counter.builder("strata.routing.connections")
        .description("connections routed, by target and kind").tags("target", target, "kind", kind).register(registry))
        .increment();
  }

  private static boolean isRead(String target, String reason) {
    return !"primary".equals(target) || reason.startsWith("read");
  }

  @Override
  public void onFallback(String reason) {
    fallbacks.computeIfAbsent(reason, r -> Counter.builder("strata.routing.fallbacks")
        .description("reads that wanted a replica and went to the primary").tag("reason", r).register(registry))
        .increment();
  }

  @Override
  public void onHealthChange(String replica, boolean isHealthy, String reason) {
    gauges(replica);
    healthy.get(replica).set(isHealthy ? 1 : 0);
    Counter.builder("strata.routing.replica.health.changes").tags(Tags.of("replica", replica, "healthy", String.valueOf(isHealthy)))
        .register(registry).increment();
  }

  @Override
  public void onLag(String replica, long bytes, long millis) {
    gauges(replica);
    lagBytes.get(replica).set(bytes);
    lagMillis.get(replica).set(millis);
  }

  private void gauges(String replica) {
    if (replicaGauges.contains(replica)) {
      return;
    }
    synchronized (replicaGauges) {
      if (replicaGauges.contains(replica)) {
        return;
      }
      AtomicLong bytes = new AtomicLong(-1);
      AtomicLong millis = new AtomicLong(-1);
      AtomicLong up = new AtomicLong(1);
      lagBytes.put(replica, bytes);
      lagMillis.put(replica, millis);
      healthy.put(replica, up);
      Gauge.builder("strata.routing.replica.lag.bytes", bytes, AtomicLong::get).tag("replica", replica)
          .description("WAL bytes the replica's replay is behind the primary").baseUnit("bytes").register(registry);
      Gauge.builder("strata.routing.replica.lag.ms", millis, AtomicLong::get).tag("replica", replica)
          .description("replay delay").baseUnit("milliseconds").register(registry);
      Gauge.builder("strata.routing.replica.healthy", up, AtomicLong::get).tag("replica", replica)
          .description("1 while the replica is in rotation").register(registry);
      replicaGauges.add(replica);
    }
  }
}
