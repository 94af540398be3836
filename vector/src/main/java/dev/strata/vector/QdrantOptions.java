package dev.strata.vector;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Qdrant adapter talks to Qdrant: upsert chunk size, whether writes wait until applied, per
 * call timeout, and retries with exponential backoff (full jitter) on transient gRPC failures
 * (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED). Immutable; built with
 * {@link #builder()} or {@link #defaults()}.
 */
public final class QdrantOptions {

  /** Default points per upsert request. */
  public static final int DEFAULT_CHUNK_SIZE = 256;
  /** Default number of attempts per call (1 = no retry). */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  /** Default first backoff. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
  /** Default backoff cap. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
  /** Default longest wait for one call (then it is cancelled and counts as a transient failure). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final QdrantOptions DEFAULTS = builder().build();

  private final int chunkSize;
  private final boolean waitForWrites;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration timeout;

  private QdrantOptions(Builder b) {
    this.chunkSize = b.chunkSize;
    this.waitForWrites = b.waitForWrites;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.timeout = b.timeout;
  }

  /** The defaults: chunks of 256, writes wait, 5 attempts, backoff 100 ms doubling up to 5 s, 10 s per call. */
  public static QdrantOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Points per upsert request. */
  public int chunkSize() {
    return chunkSize;
  }

  /** Whether writes wait until Qdrant has applied them ({@code wait=true}). */
  public boolean waitForWrites() {
    return waitForWrites;
  }

  /** Attempts per call, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Backoff before the first retry (doubles per retry, with full jitter). */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Longest backoff. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Longest wait for one call, after which it is cancelled and counts as a transient failure. No
   * per-call gRPC deadline is sent (set one on the client with {@code QdrantGrpcClient.Builder.withTimeout}).
   */
  public Duration timeout() {
    return timeout;
  }

  /** Builds {@link QdrantOptions}; every setter checks its value at once. */
  public static final class Builder {
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private boolean waitForWrites = true;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /** Points per upsert request, 1..10,000. */
    public Builder chunkSize(int n) {
      if (n < 1 || n > 10_000) {
        throw new IllegalArgumentException("chunkSize must be in 1..10000, was: " + n);
      }
      this.chunkSize = n;
      return this;
    }

    /** Whether writes wait until applied (default true). */
    public Builder waitForWrites(boolean wait) {
      this.waitForWrites = wait;
      return this;
    }

    /** Attempts per call, 1..100 (1 disables retries). */
    public Builder maxAttempts(int n) {
      if (n < 1 || n > 100) {
        throw new IllegalArgumentException("maxAttempts must be in 1..100, was: " + n);
      }
      this.maxAttempts = n;
      return this;
    }

    /** Backoff before the first retry, 1 ms..1 min. */
    public Builder initialBackoff(Duration d) {
      this.initialBackoff = range(d, "initialBackoff", Duration.ofMillis(1), Duration.ofMinutes(1));
      return this;
    }

    /** Longest backoff, 1 ms..10 min. */
    public Builder maxBackoff(Duration d) {
      this.maxBackoff = range(d, "maxBackoff", Duration.ofMillis(1), Duration.ofMinutes(10));
      return this;
    }

    /** Timeout of one call, 10 ms..10 min. */
    public Builder timeout(Duration d) {
      this.timeout = range(d, "timeout", Duration.ofMillis(10), Duration.ofMinutes(10));
      return this;
    }

    /** The options. @throws IllegalArgumentException if maxBackoff is below initialBackoff */
    public QdrantOptions build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff must be >= initialBackoff (" + initialBackoff + "), was: " + maxBackoff);
      }
      return new QdrantOptions(this);
    }

    private static Duration range(Duration d, String name, Duration min, Duration max) {
      Objects.requireNonNull(d, name);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", was: " + d);
      }
      return d;
    }
  }
}
