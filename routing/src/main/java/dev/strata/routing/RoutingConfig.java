package dev.strata.routing;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Immutable, validated configuration of a {@link RoutingDataSource}. The data sources are the host's
 * own pools (typically HikariCP), one for the primary and one per replica; the router never creates
 * or closes them.
 *
 * <p>Every option may be set once per builder: setting one twice is an {@link IllegalStateException}
 * (it is almost always a configuration mistake), as is a missing primary at {@link Builder#build()}.
 * {@link #toBuilder()} starts a new builder from a built configuration, with every option counted as
 * unset, to derive a variant.
 *
 * <pre>{@code
 * RoutingConfig config = RoutingConfig.builder()
 *     .name("app-db")                       // prefixes the router's log lines
 *     .primary(primaryPool)
 *     .replica("replica-1", replicaPool)
 *     .maxLagBytes(16 * 1024 * 1024)
 *     .build();
 * }</pre>
 */
public final class RoutingConfig {

  /** How replicas share reads. */
  public enum Balancing {
    /** In turn. */
    ROUND_ROBIN,
    /** The replica with the fewest connections lent out through this router. */
    LEAST_CONNECTIONS
  }

  /** Default WAL lag above which a replica leaves rotation: 16 MiB. */
  public static final long DEFAULT_MAX_LAG_BYTES = 16L * 1024 * 1024;
  /** Default replay delay above which a replica leaves rotation: 5 s. */
  public static final Duration DEFAULT_MAX_LAG_TIME = Duration.ofSeconds(5);
  /** Default interval between health and lag checks: 500 ms. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMillis(500);
  /** Default time a read-your-writes read waits for a replica to catch up before using the primary: 100 ms. */
  public static final Duration DEFAULT_READ_YOUR_WRITES_WAIT = Duration.ofMillis(100);
  /**
   * Default time a session read whose token no healthy replica has replayed yet waits for one to
   * replay it while the primary is unavailable, instead of failing at once: 10 s.
   */
  public static final Duration DEFAULT_PRIMARY_OUTAGE_READ_WAIT = Duration.ofSeconds(10);
  /** Default number of session keys whose latest token is remembered: {@value}. */
  public static final int DEFAULT_MAX_SESSIONS = 100_000;
  /**
   * Default network timeout of a read on a replica connection: 5 s. A replica that does not answer
   * a read within it (a hung or frozen server) leaves rotation and the read runs again elsewhere.
   */
  public static final Duration DEFAULT_REPLICA_READ_TIMEOUT = Duration.ofSeconds(5);
  /**
   * Default bound of one health check (and of the primary's probe): 1 s. A server that has not
   * answered the check within it is treated as unreachable.
   */
  public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(1);
  /** Default name, the prefix of the router's log lines: {@value}. */
  public static final String DEFAULT_NAME = "router";
  /** The longest duration any setting takes (365 days). */
  public static final Duration MAX_DURATION = Duration.ofDays(365);

  private final String name;
  private final DataSource primary;
  private final Map<String, DataSource> replicas;
  private final long maxLagBytes;
  private final Duration maxLagTime;
  private final Duration checkInterval;
  private final Duration readYourWritesWait;
  private final Duration primaryOutageReadWait;
  private final Duration replicaReadTimeout;
  private final Duration checkTimeout;
  private final Balancing balancing;
  private final boolean routeByStatement;
  private final int maxSessions;
  private final RoutingListener listener;

  private RoutingConfig(Builder b) {
    this.name = b.name;
    this.primary = b.primary;
    this.replicas = Map.copyOf(b.replicas);
    this.maxLagBytes = b.maxLagBytes;
    this.maxLagTime = b.maxLagTime;
    this.checkInterval = b.checkInterval;
    this.readYourWritesWait = b.readYourWritesWait;
    this.primaryOutageReadWait = b.primaryOutageReadWait;
    this.replicaReadTimeout = b.replicaReadTimeout;
    this.checkTimeout = b.checkTimeout;
    this.balancing = b.balancing;
    this.routeByStatement = b.routeByStatement;
    this.maxSessions = b.maxSessions;
    this.listener = b.listener;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A new builder holding this configuration's values, each of which may be set once more. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.primary = primary;
    b.replicas.putAll(replicas);
    b.maxLagBytes = maxLagBytes;
    b.maxLagTime = maxLagTime;
    b.checkInterval = checkInterval;
    b.readYourWritesWait = readYourWritesWait;
    b.primaryOutageReadWait = primaryOutageReadWait;
    b.replicaReadTimeout = replicaReadTimeout;
    b.checkTimeout = checkTimeout;
    b.balancing = balancing;
    b.routeByStatement = routeByStatement;
    b.maxSessions = maxSessions;
    b.listener = listener;
    return b;
  }

  /** The router's name, in every log line it writes ({@code [name] ...}). */
  public String name() {
    return name;
  }

  public DataSource primary() {
    return primary;
  }

  /** Replicas by name (iteration order unspecified). */
  public Map<String, DataSource> replicas() {
    return replicas;
  }

  public long maxLagBytes() {
    return maxLagBytes;
  }

  public Duration maxLagTime() {
    return maxLagTime;
  }

  public Duration checkInterval() {
    return checkInterval;
  }

  public Duration readYourWritesWait() {
    return readYourWritesWait;
  }

  /** How long a session read waits for a replica to reach its token while the primary is unavailable. */
  public Duration primaryOutageReadWait() {
    return primaryOutageReadWait;
  }

  /** Network timeout set on replica connections for reads; zero leaves the connection's own. */
  public Duration replicaReadTimeout() {
    return replicaReadTimeout;
  }

  /** Bound of one health check or primary probe. */
  public Duration checkTimeout() {
    return checkTimeout;
  }

  public Balancing balancing() {
    return balancing;
  }

  /** Whether plain autocommit SELECTs on unscoped connections go to replicas. */
  public boolean routeByStatement() {
    return routeByStatement;
  }

  public int maxSessions() {
    return maxSessions;
  }

  public RoutingListener listener() {
    return listener;
  }

  /**
   * Names the settings and the replicas; data sources appear as their class names only: a driver's or
   * a pool's own {@code toString()} may hold its URL or properties, and with them a password.
   */
  @Override
  public String toString() {
    return "RoutingConfig[name=" + name + ", primary=" + describe(primary) + ", replicas="
        + new java.util.TreeMap<>(replicas).entrySet().stream().map(e -> e.getKey() + "=" + describe(e.getValue())).toList()
        + ", maxLagBytes=" + maxLagBytes + ", maxLagTime=" + maxLagTime + ", checkInterval=" + checkInterval
        + ", readYourWritesWait=" + readYourWritesWait + ", primaryOutageReadWait=" + primaryOutageReadWait
        + ", balancing=" + balancing + ", routeByStatement="
        + routeByStatement + ", maxSessions=" + maxSessions + "]";
  }

  private static String describe(DataSource ds) {
    return ds == null ? "null" : ds.getClass().getSimpleName();
  }

  /** Builds {@link RoutingConfig}; setters check their argument at once. */
  public static final class Builder {
    private final Set<String> set = new HashSet<>();
    private String name = DEFAULT_NAME;
    private DataSource primary;
    private final Map<String, DataSource> replicas = new LinkedHashMap<>();
    private long maxLagBytes = DEFAULT_MAX_LAG_BYTES;
    private Duration maxLagTime = DEFAULT_MAX_LAG_TIME;
    private Duration checkInterval = DEFAULT_CHECK_INTERVAL;
    private Duration readYourWritesWait = DEFAULT_READ_YOUR_WRITES_WAIT;
    private Duration primaryOutageReadWait = DEFAULT_PRIMARY_OUTAGE_READ_WAIT;
    private Duration replicaReadTimeout = DEFAULT_REPLICA_READ_TIMEOUT;
    private Duration checkTimeout = DEFAULT_CHECK_TIMEOUT;
    private Balancing balancing = Balancing.ROUND_ROBIN;
    private boolean routeByStatement;
    private int maxSessions = DEFAULT_MAX_SESSIONS;
    private RoutingListener listener = new RoutingListener() {};

    private Builder() {}

    /** The router's name, which prefixes its log lines: 1–64 letters, digits, {@code . _ -}. */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("name must be 1-64 letters, digits, '.', '_' or '-', was: '" + name + "'");
      }
      once("name");
      this.name = name;
      return this;
    }

    /** Required: the primary's pool. */
    public Builder primary(DataSource primary) {
      Objects.requireNonNull(primary, "primary");
      once("primary");
      this.primary = primary;
      return this;
    }

    /** Adds a replica's pool under a unique, non-blank name. */
    public Builder replica(String name, DataSource replica) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(replica, "replica");
      if (!name.matches("[A-Za-z0-9._-]{1,64}") || name.equals("primary")) {
        // it names the replica in logs, metrics and health reports: no spaces, quotes, line breaks or wildcards
        throw new IllegalArgumentException("replica name must be 1-64 letters, digits, '.', '_' or '-', and not 'primary', "
            + "was: '" + name.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + "'");
      }
      if (replicas.putIfAbsent(name, replica) != null) {
        throw new IllegalArgumentException("replica name must be unique, was already used: " + name);
      }
      return this;
    }

    /** WAL bytes behind the primary above which a replica leaves rotation: > 0. */
    public Builder maxLagBytes(long maxLagBytes) {
      if (maxLagBytes <= 0) {
        throw new IllegalArgumentException("maxLagBytes must be > 0, was: " + maxLagBytes);
      }
      once("maxLagBytes");
      this.maxLagBytes = maxLagBytes;
      return this;
    }

    /** Replay delay above which a replica leaves rotation: > 0. */
    public Builder maxLagTime(Duration maxLagTime) {
      once("maxLagTime");
      this.maxLagTime = positive(maxLagTime, "maxLagTime");
      return this;
    }

    /** Interval of the background health and lag check: at least 10 ms. */
    public Builder checkInterval(Duration checkInterval) {
      positive(checkInterval, "checkInterval");
      if (checkInterval.toMillis() < 10) {
        throw new IllegalArgumentException("checkInterval must be >= PT0.01S, was: " + checkInterval);
      }
      once("checkInterval");
      this.checkInterval = checkInterval;
      return this;
    }

    /** How long a read with a token waits for a replica to catch up before going to the primary: >= 0. */
    public Builder readYourWritesWait(Duration wait) {
      nonNegative(wait, "readYourWritesWait");
      once("readYourWritesWait");
      this.readYourWritesWait = wait;
      return this;
    }

    /**
     * How long a session read whose token no healthy replica has replayed yet waits, while the primary
     * is unavailable (its circuit open, or its pool failing to connect), for a replica to replay it —
     * instead of failing at once with {@link PrimaryUnavailableException}. A replica whose streaming
     * broke with the primary replays the rest of the WAL it received, or catches up once its WAL
     * receiver reconnects to the restarted primary; the read then runs there, still seeing the
     * session's writes. The wait holds no connection: it follows the monitor's checks (every
     * {@link #checkInterval}) and goes to the primary as soon as its circuit closes. {@code >= 0};
     * zero fails at once. Default {@link #DEFAULT_PRIMARY_OUTAGE_READ_WAIT}.
     */
    public Builder primaryOutageReadWait(Duration wait) {
      nonNegative(wait, "primaryOutageReadWait");
      once("primaryOutageReadWait");
      this.primaryOutageReadWait = wait;
      return this;
    }

    /**
     * Network timeout ({@link java.sql.Connection#setNetworkTimeout}) of reads on replica connections:
     * a read not answered within it fails with a connection error, the replica leaves rotation and the
     * read runs again elsewhere. Set it above your slowest legitimate replica query. Whole
     * milliseconds, {@code >= 0}; zero leaves each connection's own timeout (e.g. pgjdbc's
     * {@code socketTimeout}) in force.
     */
    public Builder replicaReadTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "replicaReadTimeout");
      if (timeout.isNegative() || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
        throw new IllegalArgumentException("replicaReadTimeout must be >= 0 and at most " + Integer.MAX_VALUE + " ms, was: " + timeout);
      }
      once("replicaReadTimeout");
      this.replicaReadTimeout = timeout;
      return this;
    }

    /**
     * Bound of one health check of a replica and of one probe of the primary: a server that has not
     * answered within it (including the wait for a pool connection) counts as unreachable. At least
     * 10 ms.
     */
    public Builder checkTimeout(Duration timeout) {
      positive(timeout, "checkTimeout");
      if (timeout.toMillis() < 10) {
        throw new IllegalArgumentException("checkTimeout must be >= PT0.01S, was: " + timeout);
      }
      once("checkTimeout");
      this.checkTimeout = timeout;
      return this;
    }

    /** How replicas share reads. */
    public Builder balancing(Balancing balancing) {
      Objects.requireNonNull(balancing, "balancing");
      once("balancing");
      this.balancing = balancing;
      return this;
    }

    /**
     * Also route unscoped autocommit connections by statement: a plain {@code SELECT} (not
     * {@code FOR UPDATE/SHARE}) goes to a replica, anything else to the primary. Off by default.
     */
    public Builder routeByStatement(boolean routeByStatement) {
      once("routeByStatement");
      this.routeByStatement = routeByStatement;
      return this;
    }

    /** Session keys remembered for read-your-writes (least recently used forgotten first): >= 1. */
    public Builder maxSessions(int maxSessions) {
      if (maxSessions < 1) {
        throw new IllegalArgumentException("maxSessions must be >= 1, was: " + maxSessions);
      }
      once("maxSessions");
      this.maxSessions = maxSessions;
      return this;
    }

    /** Receives routing, fallback, health and lag events. */
    public Builder listener(RoutingListener listener) {
      Objects.requireNonNull(listener, "listener");
      once("listener");
      this.listener = listener;
      return this;
    }

    /** Validates and builds. */
    public RoutingConfig build() {
      if (primary == null) {
        throw new IllegalStateException("primary is required");
      }
      return new RoutingConfig(this);
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set on this builder");
      }
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be > 0, was: " + d);
      }
      return atMostAYear(d, name);
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      atMostAYear(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must be >= 0, was: " + d);
      }
      return d;
    }

    /** Longer is no sensible setting, and keeps the millisecond and nanosecond arithmetic from overflowing. */
    private static Duration atMostAYear(Duration d, String name) {
      if (d.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(name + " must be at most " + MAX_DURATION + " (365 days), was: " + d);
      }
      return d;
    }
  }
}
