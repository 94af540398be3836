package dev.strata.cache;

import dev.strata.cache.internal.CacheSettings;
import dev.strata.cache.internal.Checks;
import dev.strata.cache.internal.RedisSecurity;
import dev.strata.cache.internal.TieredCacheFactory;
import io.lettuce.core.SslOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Configures and builds a {@link TieredCache}. Each option may be set once; a second call, or
 * options that contradict each other, fail with a message naming them. Without {@link #redis} or
 * {@link #redisCluster} the cache is L1 only; with {@link #disableL1()} it is Redis only.
 */
public final class TieredCacheBuilder {

  /** Default L1 bound, in entries. */
  public static final long DEFAULT_L1_MAXIMUM_SIZE = 10_000;
  /** Default upper bound of an entry's life in L1 (its own TTL applies when shorter). */
  public static final Duration DEFAULT_L1_MAX_TTL = Duration.ofMinutes(5);
  /** Default Redis command timeout: past it, the call counts as failed and the caller falls through. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);
  /** Default limit of an encoded value, 1 MiB. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;
  /** Default negative-caching TTL. */
  public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(10);
  /** Default TTL jitter: each TTL is shortened by a random 0–10 %. */
  public static final double DEFAULT_TTL_JITTER = 0.1;
  /** Default XFetch beta (1.0 is the paper's optimum; above 1 favours earlier recomputation). */
  public static final double DEFAULT_EARLY_RECOMPUTE_BETA = 1.0;
  /** Default consecutive Redis failures that open the circuit breaker. */
  public static final int DEFAULT_BREAKER_FAILURES = 5;
  /** Default time the breaker stays open before one probe is let through. */
  public static final Duration DEFAULT_BREAKER_OPEN = Duration.ofSeconds(2);
  /** Default number of invalidations remembered while Redis is unreachable, replayed when it is back. */
  public static final int DEFAULT_PENDING_INVALIDATIONS = 10_000;
  /** Default longest life of an L1 entry filled while the invalidation subscription is down. */
  public static final Duration DEFAULT_L1_TTL_WHILE_UNSUBSCRIBED = Duration.ofSeconds(1);
  /** Default recompute lease: how long one instance may recompute a key before another may. */
  public static final Duration DEFAULT_RECOMPUTE_LEASE = Duration.ofSeconds(1);

  private final Set<String> set = new HashSet<>();
  private String name = "cache";
  private String namespace = "strata";
  private long l1Size = DEFAULT_L1_MAXIMUM_SIZE;
  private Duration l1MaxTtl = DEFAULT_L1_MAX_TTL;
  private String redisUri;
  private List<String> clusterUris = List.of();
  private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
  private CacheCodec codec;
  private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
  private int compressAbove = Integer.MAX_VALUE;
  private Duration negativeTtl = DEFAULT_NEGATIVE_TTL;
  private double ttlJitter = DEFAULT_TTL_JITTER;
  private double beta = DEFAULT_EARLY_RECOMPUTE_BETA;
  private boolean coherence = true;
  private int breakerFailures = DEFAULT_BREAKER_FAILURES;
  private Duration breakerOpen = DEFAULT_BREAKER_OPEN;
  private int pendingInvalidations = DEFAULT_PENDING_INVALIDATIONS;
  private CacheListener listener = CacheListener.NONE;
  private Duration l1TtlWhileUnsubscribed = DEFAULT_L1_TTL_WHILE_UNSUBSCRIBED;
  private Duration recomputeLease = DEFAULT_RECOMPUTE_LEASE;
  private String redisUsername;
  private char[] redisPassword;
  private SslOptions redisTls;

  TieredCacheBuilder() {}

  private void once(String option) {
    if (!set.add(option)) {
      throw new IllegalStateException(option + " was already set");
    }
  }

  /** Instance name used in log lines (default {@code cache}). */
  public TieredCacheBuilder name(String name) {
    once("name");
    this.name = Checks.notBlank(name, "name");
    return this;
  }

  /**
   * Prefix of every Redis key and of the invalidation channel (default {@code strata}); instances
   * that share data must use the same namespace. No braces.
   */
  public TieredCacheBuilder namespace(String namespace) {
    once("namespace");
    this.namespace = Checks.group(namespace, "namespace");
    return this;
  }

  /** Bound of L1 in entries (default {@value #DEFAULT_L1_MAXIMUM_SIZE}); positive. */
  public TieredCacheBuilder l1MaximumSize(long entries) {
    once("l1MaximumSize");
    if (entries <= 0) {
      throw new IllegalArgumentException("l1MaximumSize must be positive (use disableL1() for none), was: " + entries);
    }
    this.l1Size = entries;
    return this;
  }

  /** Longest time an entry stays in L1, whatever its TTL (default 5 minutes); 1 ms to 3650 days. */
  public TieredCacheBuilder l1MaxTtl(Duration ttl) {
    once("l1MaxTtl");
    this.l1MaxTtl = Checks.ttl(ttl, "l1MaxTtl");
    return this;
  }

  /** No L1: every lookup goes to Redis. */
  public TieredCacheBuilder disableL1() {
    once("disableL1");
    this.l1Size = 0;
    return this;
  }

  /**
   * A standalone Redis, {@code redis://host:port} (Lettuce URI syntax): {@code redis://:password@host:port}
   * for the default user's password, {@code redis://user:password@host:port} for an ACL user (or give
   * them to {@link #redisCredentials}), {@code rediss://} for TLS ({@code ?verifyPeer=NONE|CA|FULL}).
   * The URI is parsed here; a malformed one fails with its user info masked.
   */
  public TieredCacheBuilder redis(String uri) {
    once("redis");
    Checks.notBlank(uri, "uri");
    RedisSecurity.parse(uri, "uri");
    this.redisUri = uri;
    return this;
  }

  /** A Redis Cluster, given one or more seed node URIs. */
  public TieredCacheBuilder redisCluster(Collection<String> uris) {
    once("redisCluster");
    Objects.requireNonNull(uris, "uris");
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("uris must name at least one cluster node");
    }
    List<String> copy = new ArrayList<>();
    for (String u : uris) {
      Checks.notBlank(u, "uris element");
      RedisSecurity.parse(u, "uris element");
      copy.add(u);
    }
    this.clusterUris = List.copyOf(copy);
    return this;
  }

  /**
   * Credentials for every Redis connection, instead of putting them in the URI: {@code username} null
   * for the default user ({@code requirepass}), else an ACL user. The array is copied; the password
   * never appears in a log line, exception message or {@code toString()}. Exclusive with user info in
   * the URIs. A server that refuses them when the cache is built makes {@link #build()} fail; one that
   * refuses them later is treated as unavailable (fail-open) and logged at WARN.
   */
  public TieredCacheBuilder redisCredentials(String username, char[] password) {
    once("redisCredentials");
    Objects.requireNonNull(password, "password");
    if (password.length == 0) {
      throw new IllegalArgumentException("password must not be empty (omit redisCredentials for none)");
    }
    this.redisUsername = username == null ? null : Checks.notBlank(username, "username");
    this.redisPassword = password.clone();
    return this;
  }

  /**
   * TLS for every Redis connection with these options (trust store, key store for client
   * certificates, protocols, cipher suites: Lettuce's {@code SslOptions}); {@code SslOptions.create()}
   * uses the JDK's trust store. A {@code rediss://} URI alone also enables TLS, with the JDK's defaults.
   * Peer verification is the URI's ({@code verifyPeer}, FULL by default: host name and certificate).
   */
  public TieredCacheBuilder redisTls(SslOptions options) {
    once("redisTls");
    this.redisTls = Objects.requireNonNull(options, "options");
    return this;
  }

  /** Redis command timeout (default 500 ms); 1 ms to 1 day. */
  public TieredCacheBuilder commandTimeout(Duration timeout) {
    once("commandTimeout");
    this.commandTimeout = Checks.positive(timeout, "commandTimeout", Checks.MAX_TIMEOUT);
    return this;
  }

  /** The codec of Redis values (default {@link CacheCodecs#json()}). */
  public TieredCacheBuilder codec(CacheCodec codec) {
    once("codec");
    this.codec = Objects.requireNonNull(codec, "codec");
    return this;
  }

  /**
   * Largest encoded (after compression, if any) value written to Redis (default 1 MiB). A larger one
   * makes {@code put} throw {@link CacheCodecException}; {@code getOrSet} returns it uncached in Redis.
   */
  public TieredCacheBuilder maxValueBytes(int bytes) {
    once("maxValueBytes");
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxValueBytes must be positive, was: " + bytes);
    }
    this.maxValueBytes = bytes;
    return this;
  }

  /** Deflate encoded values larger than {@code bytes} before writing them (default: never). */
  public TieredCacheBuilder compressAbove(int bytes) {
    once("compressAbove");
    if (bytes < 0) {
      throw new IllegalArgumentException("compressAbove must be >= 0, was: " + bytes);
    }
    this.compressAbove = bytes;
    return this;
  }

  /** How long an absent result (loader returned null) is cached (default 10 s), at most 3650 days; zero disables it. */
  public TieredCacheBuilder negativeTtl(Duration ttl) {
    once("negativeTtl");
    this.negativeTtl = Checks.notNegative(ttl, "negativeTtl", Checks.MAX_TTL);
    return this;
  }

  /** Fraction by which each TTL is randomly shortened, in [0, 0.5] (default 0.1). */
  public TieredCacheBuilder ttlJitter(double fraction) {
    once("ttlJitter");
    if (!(fraction >= 0 && fraction <= 0.5)) {
      throw new IllegalArgumentException("ttlJitter must be in [0, 0.5], was: " + fraction);
    }
    this.ttlJitter = fraction;
    return this;
  }

  /** XFetch beta, in [0, 10] (default 1); 0 disables early recomputation. */
  public TieredCacheBuilder earlyRecomputeBeta(double beta) {
    once("earlyRecomputeBeta");
    if (!(beta >= 0 && beta <= 10)) {
      throw new IllegalArgumentException("earlyRecomputeBeta must be in [0, 10], was: " + beta);
    }
    this.beta = beta;
    return this;
  }

  /**
   * Whether invalidations are published to, and received from, the other instances over Redis
   * pub/sub (default true; only meaningful with both tiers).
   */
  public TieredCacheBuilder coherence(boolean enabled) {
    once("coherence");
    this.coherence = enabled;
    return this;
  }

  /** Open the breaker after {@code failures} consecutive Redis failures, for {@code open} (defaults 5, 2 s; open 1 ms to 1 day). */
  public TieredCacheBuilder circuitBreaker(int failures, Duration open) {
    once("circuitBreaker");
    if (failures <= 0) {
      throw new IllegalArgumentException("failures must be positive, was: " + failures);
    }
    this.breakerFailures = failures;
    this.breakerOpen = Checks.positive(open, "open", Checks.MAX_TIMEOUT);
    return this;
  }

  /** How many invalidations to remember while Redis is unreachable (default 10,000); positive. */
  public TieredCacheBuilder pendingInvalidations(int limit) {
    once("pendingInvalidations");
    if (limit <= 0) {
      throw new IllegalArgumentException("pendingInvalidations must be positive, was: " + limit);
    }
    this.pendingInvalidations = limit;
    return this;
  }

  /**
   * The staleness bound of L1 while this instance's invalidation subscription is down (Redis
   * restarting, network trouble; default 1 s); positive. When the interruption is seen L1 is cleared,
   * and an entry filled until the subscription is back is served for at most this long after it was
   * filled (invalidations from the other instances cannot reach it). Shorter: fresher during outages,
   * more loads.
   */
  public TieredCacheBuilder l1TtlWhileUnsubscribed(Duration ttl) {
    once("l1TtlWhileUnsubscribed");
    this.l1TtlWhileUnsubscribed = Checks.positive(ttl, "l1TtlWhileUnsubscribed");
    return this;
  }

  /**
   * How long one instance holds the Redis lease that lets it recompute a key (default 1 s); zero
   * disables leases. Meanwhile the other instances keep serving the current value, or on a miss wait
   * up to this long for the holder's value before loading it themselves. Choose it above the
   * loaders' usual time.
   */
  public TieredCacheBuilder recomputeLease(Duration lease) {
    once("recomputeLease");
    this.recomputeLease = Checks.notNegative(lease, "recomputeLease");
    return this;
  }

  /** Receives the cache's events (default none); see {@link CacheListener}, {@link CacheListener#all} to combine several. */
  public TieredCacheBuilder listener(CacheListener listener) {
    once("listener");
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Builds the cache and connects to Redis. An unreachable Redis does not fail the build: the cache
   * starts with the circuit open and connects when a probe succeeds. A Redis that answers but refuses
   * the credentials (or the user's permission to {@code PING}) does: that is configuration, not an outage.
   *
   * @throws IllegalStateException when options contradict each other
   * @throws CacheException when Redis refuses the credentials (the message quotes Redis's reply, never the password)
   */
  public TieredCache build() {
    if (redisUri != null && !clusterUris.isEmpty()) {
      throw new IllegalStateException("redis and redisCluster are exclusive: choose one");
    }
    boolean l2 = redisUri != null || !clusterUris.isEmpty();
    if (l1Size == 0 && !l2) {
      throw new IllegalStateException("disableL1 without redis or redisCluster leaves no tier at all");
    }
    if (l1Size == 0 && set.contains("l1MaximumSize")) {
      throw new IllegalStateException("l1MaximumSize and disableL1 contradict each other");
    }
    if ((redisPassword != null || redisTls != null) && !l2) {
      throw new IllegalStateException((redisPassword != null ? "redisCredentials" : "redisTls")
          + " needs redis or redisCluster");
    }
    if (redisPassword != null && (redisUri != null ? RedisSecurity.hasUserInfo(redisUri)
        : clusterUris.stream().anyMatch(RedisSecurity::hasUserInfo))) {
      throw new IllegalStateException("redisCredentials and credentials in the Redis URI are exclusive: choose one");
    }
    if (compressAbove != Integer.MAX_VALUE && !l2) {
      throw new IllegalStateException("compressAbove needs redis or redisCluster (L1 holds decoded objects)");
    }
    return TieredCacheFactory.create(new CacheSettings(name, namespace, l1Size, l1MaxTtl, redisUri, clusterUris,
        commandTimeout, codec != null ? codec : CacheCodecs.json(), maxValueBytes, compressAbove, negativeTtl,
        ttlJitter, beta, coherence, breakerFailures, breakerOpen, pendingInvalidations, listener,
        l1TtlWhileUnsubscribed, recomputeLease,
        redisPassword != null || redisTls != null ? new RedisSecurity(redisUsername, redisPassword, redisTls)
            : RedisSecurity.NONE));
  }
}
