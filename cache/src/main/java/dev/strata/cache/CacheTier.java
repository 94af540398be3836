package dev.strata.cache;

/** The two tiers of a {@link TieredCache}. */
public enum CacheTier {
  /** In-process Caffeine cache of decoded objects. */
  L1,
  /** Redis, shared by every instance. */
  L2
}
