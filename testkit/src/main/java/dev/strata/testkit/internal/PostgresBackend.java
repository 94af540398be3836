package dev.strata.testkit.internal;

import dev.strata.testkit.PostgresNode;

/** One way of providing a PostgreSQL primary and, on request, a streaming replica. */
public interface PostgresBackend extends AutoCloseable {

  /** Human-readable description for logs ("embedded PostgreSQL 17", "external ..."). */
  String describe();

  PostgresNode primary();

  /** The hot standby, created on first call. */
  PostgresNode replica();

  /** Whether {@link #replica()} has been created already. */
  boolean hasReplica();

  void stopPrimary();

  void startPrimary();

  void stopReplica();

  void startReplica();

  @Override
  void close();
}
