package dev.strata.vector;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Qdrant adapter talks to Qdrant: upsert chunk size, whether writes wait until applied, per
 * call timeout, and retries with exponential backoff (equal jitter: a random half to all of the doubled delay) on transient gRPC failures
 * (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED). Immutable; built with
 * {@link #builder()} or {@link #defaults()}; each builder option may be set once, and
 * {@link #toBuilder()} derives a variant.
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

  /** A builder holding these options, each of which may be set once more. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.chunkSize = chunkSize;
    b.waitForWrites = waitForWrites;
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.timeout = timeout;
    return b;
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

  /** Backoff before the first retry (doubles per retry, with equal jitter). */
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
    private final java.util.Set<String> set = new java.util.HashSet<>();

    private Builder() {}

    /** Points per upsert request, 1..10,000. */
    public Builder chunkSize(int n) {
      if (n < 1 || n > 10_000) {
        throw new IllegalArgumentException("chunkSize must be in 1..10000, was: " + n);
      }
      once("chunkSize");
      this.chunkSize = n;
      return this;
    }

    /** Whether writes wait until applied (default true). */
    public Builder waitForWrites(boolean wait) {
      once("waitForWrites");
      this.waitForWrites = wait;
      return this;
    }

    /** Attempts per call, 1..100 (1 disables retries). */
    public Builder maxAttempts(int n) {
      if (n < 1 || n > 100) {
        throw new IllegalArgumentException("maxAttempts must be in 1..100, was: " + n);
      }
      once("maxAttempts");
      this.maxAttempts = n;
      return this;
    }

    /** Backoff before the first retry, 1 ms..1 min. */
    public Builder initialBackoff(Duration d) {
      range(d, "initialBackoff", Duration.ofMillis(1), Duration.ofMinutes(1));
      once("initialBackoff");
      this.initialBackoff = d;
      return this;
    }

    /** Longest backoff, 1 ms..10 min. */
    public Builder maxBackoff(Duration d) {
      range(d, "maxBackoff", Duration.ofMillis(1), Duration.ofMinutes(10));
      once("maxBackoff");
      this.maxBackoff = d;
      return this;
    }

    /** Timeout of one call, 10 ms..10 min. */
    public Builder timeout(Duration d) {
      range(d, "timeout", Duration.ofMillis(10), Duration.ofMinutes(10));
      once("timeout");
      this.timeout = d;
      return this;
    }

    /** The options. @throws IllegalStateException if maxBackoff is below initialBackoff */
    public QdrantOptions build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalStateException("maxBackoff must be >= initialBackoff (" + initialBackoff + "), was: " + maxBackoff);
      }
      return new QdrantOptions(this);
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set on this builder");
      }
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
