package dev.strata.examples.bench.workload;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the servers counted over a phase. PostgreSQL: {@code pg_stat_database} of the benchmark
 * database, read on the primary and on the replica separately — transactions (commits + rollbacks;
 * an autocommit statement is one) and rows returned + fetched. testkit's embedded PostgreSQL is not
 * started with {@code shared_preload_libraries = pg_stat_statements}, so statements themselves are
 * counted at the JDBC connections instead ({@link StackCounters}). Redis: {@code INFO commandstats}
 * deltas, and {@code SLOWLOG} (reset at the start of each phase; commands slower than
 * {@value #SLOWLOG_US} µs are logged) for the slowest command of the phase.
 */
public final class ServerCounters implements AutoCloseable {

  /** Redis logs commands slower than this into SLOWLOG during the workload (a KEYS over a few thousand keys is slower). */
  static final int SLOWLOG_US = 100;
  private static final Set<String> OWN = Set.of("info", "slowlog", "config");

  private final ServiceEndpoints ep;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> conn;
  private final RedisCommands<String, String> redis;
  private final Map<String, String> saved;
  private long[] pgStart;
  private long[] redisStart;

  /**
   * What one phase cost the servers.
   *
   * @param primaryXacts   transactions on the primary
   * @param replicaXacts   transactions on the replica
   * @param primaryRows    rows returned + fetched on the primary
   * @param replicaRows    rows returned + fetched on the replica
   * @param redisCommands  Redis commands (all but the counters' own INFO/SLOWLOG/CONFIG)
   * @param keysCommands   Redis {@code KEYS} commands
   * @param slowestMicros  the slowest Redis command's duration (0 when none passed the threshold)
   * @param slowestCommand its name, or "-"
   */
  public record Delta(long primaryXacts, long replicaXacts, long primaryRows, long replicaRows, long redisCommands,
      long keysCommands, long slowestMicros, String slowestCommand) {}

  /** Connects to the servers named by {@code ep} and lowers Redis' SLOWLOG threshold until {@link #close()}. */
  public ServerCounters(ServiceEndpoints ep) {
    this.ep = ep;
    this.client = RedisClient.create(ep.redisUri());
    this.conn = client.connect();
    this.redis = conn.sync();
    this.saved = Map.of("slowlog-log-slower-than", configGet("slowlog-log-slower-than"),
        "slowlog-max-len", configGet("slowlog-max-len"));
    redis.configSet("slowlog-log-slower-than", Integer.toString(SLOWLOG_US));
    redis.configSet("slowlog-max-len", "4096");
  }

  /** Takes the starting values and empties SLOWLOG. */
  public void begin() throws SQLException {
    pgStart = pg();
    redisStart = commandStats();
    redis.slowlogReset();
  }

  /** The differences since {@link #begin()}. */
  public Delta end() throws SQLException {
    long[] pg = pg();
    long[] r = commandStats();
    long slowest = 0;
    String name = "-";
    for (Object entry : redis.slowlogGet(4096)) {
      if (entry instanceof List<?> e && e.size() >= 4) {
        long micros = ((Number) e.get(2)).longValue();
        if (micros > slowest && e.get(3) instanceof List<?> args && !args.isEmpty()) {
          String command = text(args.get(0)).toLowerCase(java.util.Locale.ROOT);
          if (!OWN.contains(command)) {
            slowest = micros;
            name = command.toUpperCase(java.util.Locale.ROOT);
          }
        }
      }
    }
    return new Delta(pg[0] - pgStart[0], pg[2] - pgStart[2], pg[1] - pgStart[1], pg[3] - pgStart[3],
        r[0] - redisStart[0], r[1] - redisStart[1], slowest, name);
  }

  private long[] pg() throws SQLException {
    long[] p = pgStats(ep.primaryJdbcUrl());
    long[] r = pgStats(ep.replicaJdbcUrl());
    return new long[] {p[0], p[1], r[0], r[1]};
  }

  private long[] pgStats(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, ep.dbUser(), ep.dbPassword());
        PreparedStatement ps = c.prepareStatement("SELECT xact_commit + xact_rollback, tup_returned + tup_fetched "
            + "FROM pg_stat_database WHERE datname = current_database()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  /** {total calls but the counters' own, KEYS calls}. */
  private long[] commandStats() {
    long total = 0;
    long keys = 0;
    for (String line : redis.info("commandstats").split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String command = line.substring("cmdstat_".length(), line.indexOf(':'));
      int at = line.indexOf("calls=") + "calls=".length();
      int comma = line.indexOf(',', at);
      long calls = Long.parseLong(line.substring(at, comma < 0 ? line.length() : comma));
      if (!OWN.contains(command)) {
        total += calls;
      }
      if (command.equals("keys")) {
        keys = calls;
      }
    }
    return new long[] {total, keys};
  }

  private String configGet(String name) {
    return redis.configGet(name).getOrDefault(name, "");
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  /** Puts the SLOWLOG settings back. */
  @Override
  public void close() {
    saved.forEach((k, v) -> {
      if (!v.isEmpty()) {
        redis.configSet(k, v);
      }
    });
    conn.close();
    client.shutdown();
  }
}
