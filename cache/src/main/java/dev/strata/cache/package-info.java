/**
 * Strata cache: a two-tier cache-aside {@link dev.strata.cache.TieredCache} — Caffeine in process
 * (L1, decoded objects), Redis through Lettuce shared by every instance (L2, encoded bytes).
 *
 * <p>Start with {@link dev.strata.cache.TieredCache#builder()}. Arguments are non-null unless
 * documented otherwise; a bad argument fails fast with a {@link java.lang.NullPointerException} or an
 * {@link java.lang.IllegalArgumentException} naming the argument and the rule. Redis failures never
 * reach callers: the cache fails open (see {@link dev.strata.cache.TieredCache}).
 */
package dev.strata.cache;
