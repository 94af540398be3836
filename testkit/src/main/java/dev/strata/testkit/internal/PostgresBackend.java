package dev.strata.testkit.internal;

import dev.strata.testkit.PostgresNode;
import dev.strata.testkit.ServerProcess;

/** One way of providing a PostgreSQL primary and, on request, a streaming replica. */
public interface PostgresBackend extends AutoCloseable {

  /** Human-readable description for logs ("embedded PostgreSQL 17", "external ..."). */
  String describe();

  PostgresNode primary();

  /** The hot standby, created on first call. */
  PostgresNode replica();

  /** Whether {@link #replica()} has been created already. */
  boolean hasReplica();

  /** Why stop/start are not offered, for backends that do not own their servers' processes. */
  default String faultInjectionUnsupported() {
    return "this backend does not start or stop its servers";
  }

  default void stopPrimary() {
    throw new UnsupportedOperationException(faultInjectionUnsupported());
  }

  default void startPrimary() {
    throw new UnsupportedOperationException(faultInjectionUnsupported());
  }

  default void stopReplica() {
    throw new UnsupportedOperationException(faultInjectionUnsupported());
  }

  default void startReplica() {
    throw new UnsupportedOperationException(faultInjectionUnsupported());
  }

  /** The primary's process, for kill / freeze / restart. */
  default ServerProcess primaryProcess() {
    throw new UnsupportedOperationException(faultInjectionUnsupported());
  }

  /** The replica's process (the replica is created first if needed). */
  default ServerProcess replicaProcess() {
    throw new UnsupportedOperationException(faultInjectionUnsupported());
  }

  @Override
  void close();
}
