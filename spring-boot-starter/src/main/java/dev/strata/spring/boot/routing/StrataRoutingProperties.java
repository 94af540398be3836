package dev.strata.spring.boot.routing;

import dev.strata.routing.RoutingConfig;
import dev.strata.spring.boot.internal.Secrets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code strata.routing.*}: the routing {@code DataSource} over a primary and replicas, configured
 * when {@code strata.routing.primary.url} is set. Unset options keep {@code RoutingConfig}'s
 * defaults.
 */
@ConfigurationProperties("strata.routing")
public class StrataRoutingProperties {

  /** How read-your-writes sessions are scoped in a servlet application. */
  public enum ReadYourWrites {
    /** No session: read-only transactions may miss a write made just before. */
    NONE,
    /** One session per HTTP request: reads later in the request see its writes. */
    REQUEST,
    /** One session per authenticated user (the request's principal name), kept across requests; anonymous requests get one per request. */
    USER
  }

  /** Name of the router, prefix of its log lines. */
  private String name = "strata";
  /** The primary. */
  private final Pool primary = new Pool();
  /** Replicas by name (the name is the metrics tag and the health component). */
  private Map<String, Pool> replicas = new LinkedHashMap<>();
  /** A replica further behind than this many WAL bytes leaves rotation. */
  private Long maxLagBytes;
  /** A replica further behind than this leaves rotation. */
  private Duration maxLagTime;
  /** How often replicas' health and lag are checked. */
  private Duration checkInterval;
  /** How long a session read waits for a replica to replay the session's writes before using the primary. */
  private Duration readYourWritesWait;
  /** How long a session read waits for a replica to replay its writes while the primary is unavailable, instead of failing. */
  private Duration primaryOutageReadWait;
  /** How reads are spread over the replicas. */
  private RoutingConfig.Balancing balancing;
  /** Whether an autocommit connection whose first statement is a plain SELECT goes to a replica. */
  private Boolean routeByStatement;
  /** How many keyed (per-user) sessions the router remembers. */
  private Integer maxSessions;
  /** Read-your-writes scope in a servlet application: none, request or user. */
  private ReadYourWrites readYourWrites = ReadYourWrites.REQUEST;

  /** One connection pool (HikariCP, through strata-core's StrataPools). */
  public static class Pool {
    /** JDBC URL, jdbc:postgresql:... */
    private String url;
    /** User name (a replica without one uses the primary's). */
    private String username;
    /** Password (a replica without one uses the primary's); never logged. */
    private String password;
    /** Maximum connections of the pool. */
    private Integer maximumPoolSize;
    /** How long a borrower waits for a connection. */
    private Duration connectionTimeout;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public Integer getMaximumPoolSize() {
      return maximumPoolSize;
    }

    public void setMaximumPoolSize(Integer maximumPoolSize) {
      this.maximumPoolSize = maximumPoolSize;
    }

    public Duration getConnectionTimeout() {
      return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
    }

    @Override
    public String toString() {
      return "Pool[url=" + Secrets.maskUri(url) + ", username=" + username + ", password=" + Secrets.mask(password)
          + ", maximumPoolSize=" + maximumPoolSize + "]";
    }
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Pool getPrimary() {
    return primary;
  }

  public Map<String, Pool> getReplicas() {
    return replicas;
  }

  public void setReplicas(Map<String, Pool> replicas) {
    this.replicas = replicas;
  }

  public Long getMaxLagBytes() {
    return maxLagBytes;
  }

  public void setMaxLagBytes(Long maxLagBytes) {
    this.maxLagBytes = maxLagBytes;
  }

  public Duration getMaxLagTime() {
    return maxLagTime;
  }

  public void setMaxLagTime(Duration maxLagTime) {
    this.maxLagTime = maxLagTime;
  }

  public Duration getCheckInterval() {
    return checkInterval;
  }

  public void setCheckInterval(Duration checkInterval) {
    this.checkInterval = checkInterval;
  }

  public Duration getReadYourWritesWait() {
    return readYourWritesWait;
  }

  public void setReadYourWritesWait(Duration readYourWritesWait) {
    this.readYourWritesWait = readYourWritesWait;
  }

  public Duration getPrimaryOutageReadWait() {
    return primaryOutageReadWait;
  }

  public void setPrimaryOutageReadWait(Duration primaryOutageReadWait) {
    this.primaryOutageReadWait = primaryOutageReadWait;
  }

  public RoutingConfig.Balancing getBalancing() {
    return balancing;
  }

  public void setBalancing(RoutingConfig.Balancing balancing) {
    this.balancing = balancing;
  }

  public Boolean getRouteByStatement() {
    return routeByStatement;
  }

  public void setRouteByStatement(Boolean routeByStatement) {
    this.routeByStatement = routeByStatement;
  }

  public Integer getMaxSessions() {
    return maxSessions;
  }

  public void setMaxSessions(Integer maxSessions) {
    this.maxSessions = maxSessions;
  }

  public ReadYourWrites getReadYourWrites() {
    return readYourWrites;
  }

  public void setReadYourWrites(ReadYourWrites readYourWrites) {
    this.readYourWrites = readYourWrites;
  }

  @Override
  public String toString() {
    return "StrataRoutingProperties[name=" + name + ", primary=" + primary + ", replicas=" + replicas
        + ", readYourWrites=" + readYourWrites + "]";
  }
}
