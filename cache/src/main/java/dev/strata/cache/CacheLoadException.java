package dev.strata.cache;

/**
 * A loader threw a checked exception; the original is the {@linkplain #getCause() cause}. Unchecked
 * exceptions and errors from a loader reach the caller unwrapped.
 */
public final class CacheLoadException extends CacheException {

  private static final long serialVersionUID = 1L;

  /** Wraps the loader's exception for {@code key}. */
  public CacheLoadException(String key, Throwable cause) {
    super("loader of cache key '" + key + "' failed: " + cause, cause);
  }
}
