/**
 * How testkit starts its servers (embedded binaries, containers, external URLs) and talks to them.
 * Not API: use {@code PostgreSQL}, {@code Redis}, {@code Qdrant} and the JUnit extensions in
 * {@code dev.strata.testkit}; everything here may change in any release.
 */
package dev.strata.testkit.internal;
