package dev.strata.cache;

/** Root of the unchecked exceptions thrown by the cache module. */
public class CacheException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public CacheException(String message) {
    super(message);
  }

  /** An exception with a message and its cause. */
  public CacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
