/**
 * The venture product's data layer composed from strata-core, strata-cache and strata-routing: its
 * cache keys ({@link dev.strata.venture.VentureKeys}), writes whose commits invalidate exactly the
 * owner's groups on every instance with a causal fence ({@link dev.strata.venture.VentureWrites},
 * {@link dev.strata.venture.VentureCacheBinding}), and the four cached reads whose reloads honour
 * that fence ({@link dev.strata.venture.VentureReads}).
 *
 * <p>Arguments and return values are non-null unless documented otherwise.
 */
package dev.strata.venture;
