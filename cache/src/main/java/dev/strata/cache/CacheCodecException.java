package dev.strata.cache;

/**
 * A value could not be encoded for Redis, is larger than the configured limit, or stored bytes could
 * not be decoded into the requested type.
 */
public final class CacheCodecException extends CacheException {

  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public CacheCodecException(String message) {
    super(message);
  }

  /** An exception with a message and its cause. */
  public CacheCodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
