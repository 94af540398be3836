package dev.strata.cache;

/**
 * Computes a value on a cache miss, typically by querying the database.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface CacheLoader<T> {

  /**
   * Loads the value.
   *
   * @return the value, or {@code null} when it does not exist (cached as absent for the negative TTL)
   * @throws Exception any failure; it reaches the caller (a checked one wrapped in
   *     {@link CacheLoadException}) and nothing is cached
   */
  T load() throws Exception;
}
