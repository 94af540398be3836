package dev.strata.vector;

/**
 * The unchecked exception of strata-vector: a store or provider call failed after the configured
 * retries (the cause is kept). Bad arguments are never reported this way; they fail earlier with
 * {@link IllegalArgumentException}.
 */
public class VectorStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean transientFailure;

  /** An exception with a message, its cause, and whether retrying later may succeed. */
  public VectorStoreException(String message, Throwable cause, boolean transientFailure) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  /** Whether the failure is transient (store unavailable, timeout): retrying later may succeed. */
  public boolean isTransient() {
    return transientFailure;
  }
}
