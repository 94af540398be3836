package dev.strata.cache;

import dev.strata.testkit.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Builds caches over the test class's Redis key prefix and closes them after each test. */
final class Caches implements AutoCloseable {

  private final TestRedis redis;
  private final String namespace;
  private final List<AutoCloseable> open = new ArrayList<>();

  Caches(TestRedis redis, String suffix) {
    this.redis = redis;
    this.namespace = redis.keyPrefix() + suffix;
  }

  String namespace() {
    return namespace;
  }

  /** A standalone-Redis cache with short breaker timings, customized by {@code more}. */
  TieredCache standalone(String name, UnaryOperator<TieredCacheBuilder> more) {
    TieredCache c = more.apply(TieredCache.builder().name(name).namespace(namespace)
        .redis(redis.standalone().uri()).circuitBreaker(3, Duration.ofMillis(300))).build();
    open.add(c);
    return c;
  }

  /** A standalone-Redis cache with the builder's defaults (breaker included), customized by {@code more}. */
  TieredCache standaloneDefaults(String name, UnaryOperator<TieredCacheBuilder> more) {
    TieredCache c = more.apply(TieredCache.builder().name(name).namespace(namespace).redis(redis.standalone().uri()))
        .build();
    open.add(c);
    return c;
  }

  TieredCache standalone(String name) {
    return standalone(name, b -> b);
  }

  /** A Redis Cluster cache, customized by {@code more}. */
  TieredCache cluster(String name, UnaryOperator<TieredCacheBuilder> more) {
    TieredCache c = more.apply(TieredCache.builder().name(name).namespace(namespace)
        .redisCluster(redis.cluster().uris()).circuitBreaker(3, Duration.ofMillis(300))).build();
    open.add(c);
    return c;
  }

  /** A raw Lettuce connection (string values) for looking at what the cache stored. */
  StatefulRedisConnection<String, String> raw() {
    RedisClient client = RedisClient.create(redis.standalone().uri());
    StatefulRedisConnection<String, String> c = client.connect();
    open.add(client::shutdown);
    return c;
  }

  @Override
  public void close() {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + open.get(i), e);
      }
    }
    open.clear();
  }
}
