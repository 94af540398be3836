package dev.strata.cache;

/**
 * A snapshot of a {@link TieredCache}'s counters since it was built.
 *
 * @param l1Hits          lookups answered by L1
 * @param l1Misses        lookups L1 could not answer
 * @param l2Hits          lookups answered by Redis
 * @param l2Misses        lookups Redis could not answer (absent, or skipped while the circuit is open)
 * @param loads           loader runs
 * @param loadFailures    loader runs that threw
 * @param loadNanos       total time spent in loaders
 * @param earlyRecomputes hits turned into loads by XFetch
 * @param l2Errors        Redis operations that failed or timed out
 * @param rejected        values not written to Redis (encoding failure or above the size limit)
 * @param l1Evictions     L1 entries evicted by the size bound
 * @param circuitOpens    times the circuit breaker opened
 * @param l1Clears        times L1 was cleared after a coherence interruption
 */
public record CacheStats(long l1Hits, long l1Misses, long l2Hits, long l2Misses, long loads, long loadFailures,
    long loadNanos, long earlyRecomputes, long l2Errors, long rejected, long l1Evictions, long circuitOpens,
    long l1Clears) {

  /** Hits in either tier over all lookups (0 when there were none). */
  public double hitRatio() {
    long lookups = l1Hits + l1Misses;
    long hits = l1Hits + l2Hits;
    if (lookups == 0) {
      // L2-only configuration: L1 sees nothing
      lookups = l2Hits + l2Misses;
    }
    return lookups == 0 ? 0 : (double) hits / lookups;
  }

  /** Mean loader time in nanoseconds (0 when nothing was loaded). */
  public double averageLoadNanos() {
    return loads == 0 ? 0 : (double) loadNanos / loads;
  }
}
