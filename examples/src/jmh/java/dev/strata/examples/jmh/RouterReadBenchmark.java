package dev.strata.examples.jmh;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code RoutingDataSource.read} of {@code SELECT 1} against the same statement on a connection taken
 * straight from the HikariCP pool the router sends reads to (testkit's streaming replica): what the
 * router adds to a read — replica choice, lag check, scope bookkeeping.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RouterReadBenchmark {

  private HikariDataSource primary;
  private HikariDataSource replica;
  private RoutingDataSource router;

  /** A database on testkit's primary, pools on it and its replica, and the router over them. */
  @Setup(Level.Trial)
  public void setUp() {
    TestDatabase db = PostgreSQL.shared().newDatabase("jmh_router");
    primary = pool(db, db.jdbcUrl(), "jmh-primary");
    replica = pool(db, db.replicaJdbcUrl(), "jmh-replica");
    router = RoutingDataSource.create(RoutingConfig.builder().primary(primary).replica("replica-1", replica).build());
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(60));
    router.checkNow();
  }

  /** Closes the router and the pools (testkit's servers stop with the JVM). */
  @TearDown(Level.Trial)
  public void tearDown() {
    router.close();
    replica.close();
    primary.close();
  }

  /** {@code SELECT 1} through {@code router.read(...)}. */
  @Benchmark
  public int routerRead() throws SQLException {
    return router.read(RouterReadBenchmark::selectOne);
  }

  /** {@code SELECT 1} on a connection from the replica's pool directly. */
  @Benchmark
  public int plainPool() throws SQLException {
    try (Connection c = replica.getConnection()) {
      return selectOne(c);
    }
  }

  private static int selectOne(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static HikariDataSource pool(TestDatabase db, String url, String name) {
    return StrataPools.create(PoolSettings.builder().jdbcUrl(url).username(db.user()).password(db.password())
        .poolName(name).build());
  }
}
