/**
 * Real PostgreSQL and Redis servers, and a Qdrant, for tests: Strata's own and host applications'.
 *
 * <p>Entry points: {@link dev.strata.testkit.PostgreSQL#shared()},
 * {@link dev.strata.testkit.Redis#shared()}, {@link dev.strata.testkit.Qdrant} (an in-JVM gRPC
 * emulator of the Qdrant API subset Strata uses, or a real Qdrant in Docker), or the JUnit 5 extensions
 * {@link dev.strata.testkit.PostgresExtension} and {@link dev.strata.testkit.RedisExtension}.
 * Servers are resolved in this order: an explicit URL from an environment variable, Testcontainers
 * when a Docker engine answers, else binaries shipped in Maven artifacts.
 *
 * <p>Arguments and return values are non-null unless documented otherwise.
 */
package dev.strata.testkit;
