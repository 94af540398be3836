/**
 * The implementation of strata-cache. Nothing here is API: types are public only so that the
 * builder in {@code dev.strata.cache} can reach them, and may change in any release.
 */
package dev.strata.cache.internal;
