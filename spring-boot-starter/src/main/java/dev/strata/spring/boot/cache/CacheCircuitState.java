package dev.strata.spring.boot.cache;

import dev.strata.cache.CacheListener;

/**
 * Tracks whether the auto-configured cache's circuit breaker is open (Redis skipped), for the
 * health indicator; the cache reports only transitions, so this listener remembers the last one.
 */
public final class CacheCircuitState implements CacheListener {

  private volatile boolean open;
  private volatile long opens;

  /** A tracker that starts closed. */
  public CacheCircuitState() {}

  @Override
  public void onCircuitOpen() {
    open = true;
    opens++;
  }

  @Override
  public void onCircuitClose() {
    open = false;
  }

  /** Whether the breaker is open now: the cache is serving from L1 and loaders only. */
  public boolean isOpen() {
    return open;
  }

  /** How many times the breaker has opened. */
  public long opens() {
    return opens;
  }
}
