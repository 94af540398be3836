package dev.strata.routing;

import java.util.Map;

/**
 * A snapshot of a router's counters and replica states.
 *
 * @param primaryReads  reads served by the primary (fallbacks included)
 * @param replicaReads  reads served by replicas
 * @param writes        connections routed to the primary for writing
 * @param fallbacks     reads that wanted a replica and went to the primary
 * @param replicas      per replica name, its last known state
 */
public record RoutingStats(long primaryReads, long replicaReads, long writes, long fallbacks,
    Map<String, ReplicaStatus> replicas) {

  /**
   * One replica's last check.
   *
   * @param healthy   in rotation
   * @param lagBytes  WAL bytes behind the primary at the last check (-1 if unknown)
   * @param lagMillis replay delay at the last check, 0 when it has replayed all it received (-1 if unknown)
   * @param activeConnections connections currently lent out through the router
   */
  public record ReplicaStatus(boolean healthy, long lagBytes, long lagMillis, int activeConnections) {}

  /** Share of reads served by replicas, 0 when there were no reads. */
  public double replicaReadShare() {
    long reads = primaryReads + replicaReads;
    return reads == 0 ? 0 : (double) replicaReads / reads;
  }
}
