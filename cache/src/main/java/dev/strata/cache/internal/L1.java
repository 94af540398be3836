package dev.strata.cache.internal;

/**
 * L1 as the rest of the cache sees it: a {@link LocalTier}, or {@link NoLocalTier} when L1 is
 * disabled, so that no read or write path asks whether there is one. Besides the entries it keeps the
 * fill tickets ({@link #seq}) that refuse a load's fill when an invalidation or write of its key
 * happened since the load began; an instance without L1 keeps them too, to tell which loads a caller
 * may still join.
 */
interface L1 extends Coherence.Local {

  /** Whether entries are kept at all (false: {@link NoLocalTier}). */
  boolean present();

  /**
   * The entry of {@code lk} if it may be served for a value of class {@code raw}, else null; a null
   * counts as an L1 miss when there is an L1.
   */
  LocalTier.Entry usable(Object lk, String group, Class<?> raw);

  /**
   * A fill ticket: it changes with every invalidation or write on this instance that could concern
   * {@code lk}, so a fill (or a join) under an older ticket is refused.
   */
  long seq(Object lk);

  /** Stores an entry unless the ticket {@code seq} is stale (see {@link LocalTier#fill}). */
  void fill(Object lk, Object value, long generation, long expireAtMs, int deltaMs, long drawFromMs, long seq);

  /** The highest generation of {@code group} seen here (0: none yet); -1 without L1, which follows none. */
  long knownGeneration(String group);

  /** Entries now (an estimate); 0 without L1. */
  long size();

  /** Records a generation of {@code group} read from Redis or made by this instance. */
  void noteGeneration(String group, long generation);

  /** This instance is about to write or invalidate {@code lk}, or has just done so: drops the local copy. */
  void invalidate(Object lk);

  /** This instance invalidates the keys matching the glob {@code pattern}: drops the local copies. */
  void dropMatching(String pattern);

  /**
   * This instance invalidated {@code group}; {@code inRedis}: the new generation is in Redis (and was
   * noted), false when Redis could not be told (yet).
   */
  void groupInvalidated(String group, boolean inRedis);

  /** Drops every entry. */
  void clear();
}
