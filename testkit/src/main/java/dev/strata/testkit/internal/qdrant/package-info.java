/**
 * testkit's in-process emulator of the part of Qdrant's gRPC API that Strata calls. Not API: start
 * it through {@code dev.strata.testkit.Qdrant}; everything here may change in any release.
 */
package dev.strata.testkit.internal.qdrant;
