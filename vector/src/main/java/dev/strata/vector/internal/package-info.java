/**
 * The implementation of strata-vector: the Qdrant and in-memory stores, payload mapping, the
 * deduplicating embedding provider. Not API: types are public only so that the entry points in
 * {@code dev.strata.vector} can reach them, and may change in any release.
 */
package dev.strata.vector.internal;
