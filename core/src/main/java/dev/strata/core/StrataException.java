package dev.strata.core;

/** The unchecked exception of strata-core; wraps driver and migration failures with the cause kept. */
public class StrataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An exception with a message and its cause. */
  public StrataException(String message, Throwable cause) {
    super(message, cause);
  }

  /** An exception with a message. */
  public StrataException(String message) {
    super(message);
  }
}
