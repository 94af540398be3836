/**
 * Real PostgreSQL and Redis servers for tests: Strata's own and host applications'.
 *
 * <p>Entry points: {@link dev.strata.testkit.PostgreSQL#shared()} and
 * {@link dev.strata.testkit.Redis#shared()}, or the JUnit 5 extensions
 * {@link dev.strata.testkit.PostgresExtension} and {@link dev.strata.testkit.RedisExtension}.
 * Servers are resolved in this order: an explicit URL from an environment variable, Testcontainers
 * when a Docker engine answers, else binaries shipped in Maven artifacts.
 *
 * <p>Arguments and return values are non-null unless documented otherwise.
 */
package dev.strata.testkit;
