package dev.strata.venture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.strata.cache.TieredCache;
import dev.strata.cache.TieredCacheBuilder;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Pools on the test database's primary and replica, a router over them, and caches on the test
 * Redis: each cache is one "instance" of the application, all sharing one Redis namespace.
 */
final class VentureFixture implements AutoCloseable {

  final HikariDataSource primary;
  final HikariDataSource replica;
  final RoutingDataSource router;
  private final TestRedis redis;
  private final String namespace;
  private final List<AutoCloseable> open = new ArrayList<>();
  private RedisClient rawClient;

  /**
   * @param lagTolerant keep the replica in rotation however far behind it is, so that an unfenced
   *     reload really reads it (with the defaults the router takes a replica 5 s behind out of rotation)
   */
  VentureFixture(TestDatabase db, TestRedis redis, String namespace, boolean lagTolerant) {
    this.redis = redis;
    this.namespace = redis.keyPrefix() + namespace;
    primary = pool(db.jdbcUrl(), db, "primary");
    replica = pool(db.replicaJdbcUrl(), db, "replica");
    RoutingConfig.Builder b = RoutingConfig.builder().name("venture-it").primary(primary).replica("replica-1", replica)
        .checkInterval(Duration.ofMillis(100)).readYourWritesWait(Duration.ofMillis(1));
    if (lagTolerant) {
      b.maxLagTime(Duration.ofHours(1)).maxLagBytes(1L << 40);
    }
    router = RoutingDataSource.create(b.build());
    router.checkNow();
  }

  private static HikariDataSource pool(String url, TestDatabase db, String name) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setUsername(db.user());
    c.setPassword(db.password());
    c.setPoolName("venture-it-" + name);
    c.setMaximumPoolSize(10);
    c.setMinimumIdle(0);
    c.setConnectionTimeout(5_000);
    return new HikariDataSource(c);
  }

  /** An application instance's cache; a generous command timeout, so a slow reply on a busy machine is not a miss. */
  TieredCache cache(String name, UnaryOperator<TieredCacheBuilder> more) {
    TieredCache c = more.apply(TieredCache.builder().name(name).namespace(namespace).redis(redis.standalone().uri())
        .commandTimeout(Duration.ofSeconds(20))).build();
    open.add(c);
    return c;
  }

  /** A raw Redis connection to look at generations and fences. */
  RedisCommands<String, String> raw() {
    if (rawClient == null) {
      rawClient = RedisClient.create(redis.standalone().uri());
      open.add(rawClient::shutdown);
    }
    return rawClient.connect().sync();
  }

  /** The Redis value of a group's generation or fence key ({@code what} = gen / fence); null when absent. */
  String groupKey(String group, String what) {
    return raw().get(namespace + ":{" + group + "}:" + what);
  }

  @Override
  public void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    router.close();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while ((primary.getHikariPoolMXBean().getActiveConnections() > 0 || replica.getHikariPoolMXBean().getActiveConnections() > 0)
        && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // the checker may be finishing a check
    }
    try {
      assertEquals(0, primary.getHikariPoolMXBean().getActiveConnections(), "primary connections still lent out");
      assertEquals(0, replica.getHikariPoolMXBean().getActiveConnections(), "replica connections still lent out");
    } finally {
      primary.close();
      replica.close();
    }
  }
}
