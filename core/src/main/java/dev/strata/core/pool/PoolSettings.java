package dev.strata.core.pool;

import dev.strata.core.internal.Args;
import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Immutable, validated settings for a PostgreSQL connection pool. Defaults follow the workload's
 * original plan: at most 20 connections, idle connections closed after 30 s, and a caller waits at
 * most 2 s for a connection before failing (a fast failure beats a pile-up under load).
 *
 * <p>Each builder option may be set once (a second call is an {@link IllegalStateException} naming
 * it, since the first value would silently be lost); {@link #toBuilder()} derives a variant.
 */
public final class PoolSettings {

  /** Default maximum number of connections: {@value}. */
  public static final int DEFAULT_MAX_POOL_SIZE = 20;
  /** Default minimum idle connections: {@value}; connections above it close after the idle timeout. */
  public static final int DEFAULT_MIN_IDLE = 2;
  /** Default idle timeout: 30 s. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  /** Default connection timeout: 2 s. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
  /** Default maximum connection lifetime: 30 min. */
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);
  /** Default pool name: {@value}. */
  public static final String DEFAULT_POOL_NAME = "strata";

  /** Shortest connection timeout: 250 ms (HikariCP's own floor). */
  public static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);
  /** Shortest idle timeout other than 0 (which disables it): 10 s (HikariCP's own floor). */
  public static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(10);
  /** Shortest maximum lifetime: 30 s (HikariCP's own floor). */
  public static final Duration MIN_MAX_LIFETIME = Duration.ofSeconds(30);

  private final String jdbcUrl;
  private final String username;
  private final String password;
  private final String poolName;
  private final int maxPoolSize;
  private final int minIdle;
  private final boolean minIdleChosen;
  private final Duration idleTimeout;
  private final Duration connectionTimeout;
  private final Duration maxLifetime;
  private final boolean readOnly;
  private final Consumer<HikariConfig> customizer;

  private PoolSettings(Builder b) {
    this.jdbcUrl = b.jdbcUrl;
    this.username = b.username;
    this.password = b.password;
    this.poolName = b.poolName;
    this.maxPoolSize = b.maxPoolSize;
    this.minIdle = Math.min(b.minIdle, b.maxPoolSize);
    this.minIdleChosen = b.minIdleChosen;
    this.idleTimeout = b.idleTimeout;
    this.connectionTimeout = b.connectionTimeout;
    this.maxLifetime = b.maxLifetime;
    this.readOnly = b.readOnly;
    this.customizer = b.customizer;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these settings, each of which may be set once more; a further
   * {@link Builder#customizer customizer} runs after the one these settings hold.
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.jdbcUrl = jdbcUrl;
    b.username = username;
    b.password = password;
    b.poolName = poolName;
    b.maxPoolSize = maxPoolSize;
    b.minIdle = minIdle;
    b.minIdleChosen = minIdleChosen;
    b.idleTimeout = idleTimeout;
    b.connectionTimeout = connectionTimeout;
    b.maxLifetime = maxLifetime;
    b.readOnly = readOnly;
    b.customizer = customizer;
    return b;
  }

  /** The JDBC URL, {@code jdbc:postgresql://...}. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The user name, or null to use the one in the URL. */
  public String username() {
    return username;
  }

  /** The password, or null. Never included in {@link #toString()} or logs. */
  public String password() {
    return password;
  }

  /** The pool name, used as the prefix of the pool's log lines and thread names. */
  public String poolName() {
    return poolName;
  }

  /** Maximum number of connections. */
  public int maxPoolSize() {
    return maxPoolSize;
  }

  /** Minimum idle connections. */
  public int minIdle() {
    return minIdle;
  }

  /** How long a connection may sit idle (above {@link #minIdle()}) before it is closed. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** How long a caller waits for a connection before getting an exception. */
  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  /** Maximum lifetime of a connection. */
  public Duration maxLifetime() {
    return maxLifetime;
  }

  /** Whether connections are read-only (for a replica pool). */
  public boolean readOnly() {
    return readOnly;
  }

  /**
   * What {@link StrataPools#create} applies to the {@link HikariConfig} after every other setting,
   * right before the pool starts (a no-op unless {@link Builder#customizer} was called).
   */
  public Consumer<HikariConfig> customizer() {
    return customizer;
  }

  /** Shows every setting except the password, which is masked. */
  @Override
  public String toString() {
    return "PoolSettings[poolName=" + poolName + ", jdbcUrl=" + maskUrl(jdbcUrl) + ", username=" + username
        + ", password=" + (password == null ? "null" : "****") + ", maxPoolSize=" + maxPoolSize
        + ", minIdle=" + minIdle + ", idleTimeout=" + idleTimeout + ", connectionTimeout=" + connectionTimeout
        + ", maxLifetime=" + maxLifetime + ", readOnly=" + readOnly + "]";
  }

  static String maskUrl(String url) {
    return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1****");
  }

  /**
   * Builds {@link PoolSettings}; every setter checks its argument at once, and each option may be set
   * once ({@link #customizer} excepted: customizers add up).
   */
  public static final class Builder {
    private String jdbcUrl;
    private String username;
    private String password;
    private String poolName = DEFAULT_POOL_NAME;
    private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
    private int minIdle = DEFAULT_MIN_IDLE;
    private boolean minIdleChosen; // by the caller, here or in the settings toBuilder() came from
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
    private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
    private boolean readOnly;
    private Consumer<HikariConfig> customizer = c -> {};
    private final Set<String> set = new HashSet<>();

    private Builder() {}

    /** Required: a {@code jdbc:postgresql:} URL. */
    public Builder jdbcUrl(String jdbcUrl) {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:, was: " + maskUrl(jdbcUrl));
      }
      once("jdbcUrl");
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    /** The user name (optional when the URL has one; null means none). */
    public Builder username(String username) {
      once("username");
      this.username = username;
      return this;
    }

    /** The password (optional; null means none); never logged. */
    public Builder password(String password) {
      once("password");
      this.password = password;
      return this;
    }

    /** The pool name: non-blank. */
    public Builder poolName(String poolName) {
      Objects.requireNonNull(poolName, "poolName");
      if (poolName.isBlank()) {
        throw new IllegalArgumentException("poolName must not be blank");
      }
      once("poolName");
      this.poolName = poolName;
      return this;
    }

    /** Maximum connections: at least 1. */
    public Builder maxPoolSize(int maxPoolSize) {
      if (maxPoolSize < 1) {
        throw new IllegalArgumentException("maxPoolSize must be >= 1, was: " + maxPoolSize);
      }
      once("maxPoolSize");
      this.maxPoolSize = maxPoolSize;
      return this;
    }

    /** Minimum idle connections: at least 0 and at most maxPoolSize (checked by {@link #build()}). */
    public Builder minIdle(int minIdle) {
      if (minIdle < 0) {
        throw new IllegalArgumentException("minIdle must be >= 0, was: " + minIdle);
      }
      once("minIdle");
      this.minIdle = minIdle;
      this.minIdleChosen = true;
      return this;
    }

    /** Idle timeout: 0 (never close idle connections) or at least 10 s. */
    public Builder idleTimeout(Duration idleTimeout) {
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      if (!idleTimeout.isZero() && idleTimeout.compareTo(MIN_IDLE_TIMEOUT) < 0) {
        throw new IllegalArgumentException("idleTimeout must be 0 or >= " + MIN_IDLE_TIMEOUT + ", was: " + idleTimeout);
      }
      Args.atMostAYear(idleTimeout, "idleTimeout");
      once("idleTimeout");
      this.idleTimeout = idleTimeout;
      return this;
    }

    /** Connection timeout: at least 250 ms. */
    public Builder connectionTimeout(Duration connectionTimeout) {
      Objects.requireNonNull(connectionTimeout, "connectionTimeout");
      if (connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
        throw new IllegalArgumentException(
            "connectionTimeout must be >= " + MIN_CONNECTION_TIMEOUT + ", was: " + connectionTimeout);
      }
      Args.atMostAYear(connectionTimeout, "connectionTimeout");
      once("connectionTimeout");
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    /** Maximum lifetime: at least 30 s. */
    public Builder maxLifetime(Duration maxLifetime) {
      Objects.requireNonNull(maxLifetime, "maxLifetime");
      if (maxLifetime.compareTo(MIN_MAX_LIFETIME) < 0) {
        throw new IllegalArgumentException("maxLifetime must be >= " + MIN_MAX_LIFETIME + ", was: " + maxLifetime);
      }
      Args.atMostAYear(maxLifetime, "maxLifetime");
      once("maxLifetime");
      this.maxLifetime = maxLifetime;
      return this;
    }

    /** Whether connections are read-only (replica pools). */
    public Builder readOnly(boolean readOnly) {
      once("readOnly");
      this.readOnly = readOnly;
      return this;
    }

    /**
     * A hook for what these settings do not cover — keepalive, leak detection, data-source
     * properties, a metrics registry ({@code strata-metrics}' {@code PoolMetrics} binds one). It runs
     * last, after every setting above, so it may also override them; HikariCP validates the result
     * when the pool starts. Calling this again adds a further customizer, run after the earlier ones.
     */
    public Builder customizer(Consumer<HikariConfig> customizer) {
      Objects.requireNonNull(customizer, "customizer");
      this.customizer = this.customizer.andThen(customizer);
      return this;
    }

    /**
     * Validates the combination and builds. The default minIdle is lowered to a smaller maxPoolSize;
     * a minIdle that was set must fit.
     *
     * @throws IllegalStateException without a jdbcUrl, or when a set minIdle exceeds maxPoolSize, or
     *     a non-zero idleTimeout is not below maxLifetime
     */
    public PoolSettings build() {
      if (jdbcUrl == null) {
        throw new IllegalStateException("jdbcUrl is required");
      }
      if (minIdleChosen && minIdle > maxPoolSize) {
        throw new IllegalStateException("minIdle must be <= maxPoolSize (" + maxPoolSize + "), was: " + minIdle);
      }
      if (!idleTimeout.isZero() && idleTimeout.compareTo(maxLifetime) >= 0) {
        throw new IllegalStateException("idleTimeout must be < maxLifetime (" + maxLifetime + "), was: " + idleTimeout);
      }
      return new PoolSettings(this);
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set on this builder");
      }
    }
  }
}
