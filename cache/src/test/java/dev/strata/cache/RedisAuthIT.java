package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.Eventually;
import dev.strata.testkit.LogCapture;
import dev.strata.testkit.SecuredRedis;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Redis that requires a password (requirepass) and has an ACL user: what the cache does with credentials. */
class RedisAuthIT {

  private static final Duration TTL = Duration.ofMinutes(1);
  private static final String WRONG = "wr0ng-pa55word-never-valid";
  private static SecuredRedis redis;
  private final List<TieredCache> open = new CopyOnWriteArrayList<>();
  private final List<Throwable> l2Errors = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    redis = SecuredRedis.start();
    // load Lettuce and Netty once: the first connection of a JVM can outlast a cache's 1 s connect
    // timeout on a busy machine, and a cache that cannot connect at build time starts fail-open instead
    // of reporting refused credentials
    RedisClient warmUp = RedisClient.create(redis.passwordUri());
    try (StatefulRedisConnection<String, String> c = warmUp.connect()) {
      c.sync().ping();
    } finally {
      warmUp.shutdown();
    }
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @AfterEach
  void closeCaches() {
    open.forEach(TieredCache::close);
  }

  private TieredCache cache(String name, UnaryOperator<TieredCacheBuilder> more) {
    TieredCache c = more.apply(TieredCache.builder().name(name).namespace("auth")
        .circuitBreaker(3, Duration.ofMillis(300))
        .listener(new CacheListener() {
          @Override
          public void onL2Error(String operation, Throwable error) {
            l2Errors.add(error);
          }
        })).build();
    open.add(c);
    return c;
  }

  /** Two instances: a value written by one is read from Redis by the other, and an invalidation reaches its L1. */
  private void assertSharedThroughRedis(UnaryOperator<TieredCacheBuilder> connection, String key) {
    TieredCache a = cache("a", connection);
    TieredCache b = cache("b", connection);
    a.put(key, "one", TTL);
    AtomicInteger loads = new AtomicInteger();
    assertEquals("one", b.getOrSet(key, String.class, TTL, () -> "loaded-" + loads.incrementAndGet()));
    assertEquals(0, loads.get(), "b read a's value from Redis");
    a.put(key, "two", TTL);
    Eventually.within(Duration.ofSeconds(5), "a's write reaching b's L1",
        () -> Optional.of("two").equals(b.get(key, String.class)));
    assertEquals(0, b.stats().l2Errors(), "no Redis errors");
  }

  @Test
  void defaultUserPassword_inTheUri_cachesInRedisAndInvalidatesAcrossInstances() {
    assertSharedThroughRedis(b -> b.redis(redis.passwordUri()), "k-uri-password");
  }

  @Test
  void aclUser_inTheUri_cachesInRedisAndInvalidatesAcrossInstances() {
    assertSharedThroughRedis(b -> b.redis(redis.aclUri()), "k-uri-acl");
  }

  @Test
  void aclUser_throughRedisCredentials_cachesInRedisAndInvalidatesAcrossInstances() {
    assertSharedThroughRedis(b -> b.redis(redis.node().uri())
        .redisCredentials(SecuredRedis.ACL_USER, redis.aclPassword().toCharArray()), "k-builder-acl");
  }

  @Test
  void defaultUserPassword_throughRedisCredentials_cachesInRedis() {
    assertSharedThroughRedis(b -> b.redis(redis.node().uri()).redisCredentials(null, redis.password().toCharArray()),
        "k-builder-password");
  }

  @Test
  void wrongPassword_failsTheBuildNamingRedisReply_andPrintsItNowhere() {
    try (LogCapture logs = LogCapture.start()) {
      CacheException e = assertThrows(CacheException.class, () -> cache("wrong",
          b -> b.redis(redis.node().uri()).redisCredentials(SecuredRedis.ACL_USER, WRONG.toCharArray())));
      assertTrue(e.getMessage().contains("WRONGPASS"), e.getMessage());
      assertTrue(e.getMessage().contains("[wrong]"), e.getMessage());
      LogCapture.assertAbsent("exception", stackTrace(e), WRONG, redis.aclPassword(), redis.password());
      assertTrue(logs.text().contains("[wrong] Redis refuses this cache's credentials"), "the capture sees the cache's lines");
      logs.assertNoneOf(WRONG, redis.aclPassword(), redis.password());
    }
    assertErrorsFree();
  }

  @Test
  void wrongPassword_inTheUri_failsTheBuild_andPrintsItNowhere() {
    String uri = "redis://" + SecuredRedis.ACL_USER + ":" + WRONG + "@" + redis.node().host() + ":" + redis.node().port();
    try (LogCapture logs = LogCapture.start()) {
      CacheException e = assertThrows(CacheException.class, () -> cache("wrong-uri", b -> b.redis(uri)));
      assertTrue(e.getMessage().contains("WRONGPASS"), e.getMessage());
      LogCapture.assertAbsent("exception", stackTrace(e), WRONG);
      logs.assertNoneOf(WRONG);
    }
    assertErrorsFree();
  }

  @Test
  void credentialsRefusedAfterTheBuild_failOpen_andNoPasswordIsPrinted() {
    String changed = "ch4nged-acl-pa55word";
    TieredCache c = cache("rotated", b -> b.redis(redis.aclUri()).coherence(false));
    Eventually.within(Duration.ofSeconds(5), "the cache writing to and reading from Redis", () -> {
      c.put("rotated-k", "cached", TTL);
      c.clearLocal();
      return Optional.of("cached").equals(c.get("rotated-k", String.class));
    });
    RedisClient admin = RedisClient.create(redis.passwordUri());
    try (LogCapture logs = LogCapture.start(); StatefulRedisConnection<String, String> conn = admin.connect()) {
      // the user's password changes and its connections are dropped: every reconnection is refused
      conn.sync().aclSetuser(SecuredRedis.ACL_USER, AclSetuserArgs.Builder.resetpass().addPassword(changed));
      conn.sync().clientKill(KillArgs.Builder.user(SecuredRedis.ACL_USER));
      AtomicInteger loads = new AtomicInteger();
      for (int i = 0; i < 20; i++) {
        c.clearLocal();
        assertEquals("loaded", c.getOrSet("rotated-k", String.class, TTL, () -> {
          loads.incrementAndGet();
          return "loaded";
        }), "served by the loader, not failed");
      }
      assertEquals(20, loads.get());
      assertTrue(c.stats().l2Errors() > 0 || c.stats().circuitOpens() > 0, c.stats().toString());
      logs.assertNoneOf(changed, redis.aclPassword(), redis.password());
      for (Throwable t : l2Errors) {
        LogCapture.assertAbsent("onL2Error exception", stackTrace(t), changed, redis.aclPassword(), redis.password());
      }
    } finally {
      try (StatefulRedisConnection<String, String> conn = admin.connect()) {
        conn.sync().aclSetuser(SecuredRedis.ACL_USER, AclSetuserArgs.Builder.resetpass().addPassword(redis.aclPassword()));
      }
      admin.shutdown();
    }
  }

  @Test
  void noCredentials_againstAServerThatRequiresThem_failsTheBuildWithNoauth() {
    CacheException e = assertThrows(CacheException.class, () -> cache("none", b -> b.redis(redis.node().uri())));
    assertTrue(e.getMessage().contains("NOAUTH"), e.getMessage());
  }

  @Test
  void uriOfAnotherScheme_withAPassword_isRefusedWithTheUserInfoMasked() {
    String uri = "redis-foo://:" + WRONG + "@127.0.0.1:6379";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TieredCache.builder().redis(uri));
    assertTrue(e.getMessage().startsWith("uri must be a Redis URI"), e.getMessage());
    assertTrue(e.getMessage().contains("redis-foo://****@127.0.0.1:6379"), e.getMessage());
    LogCapture.assertAbsent("exception", stackTrace(e), WRONG);
  }

  @Test
  void credentialsBothInTheUriAndTheBuilder_areRefusedAtBuild() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TieredCache.builder()
        .redis(redis.aclUri()).redisCredentials(null, "x".toCharArray()).build());
    assertEquals("redisCredentials and credentials in the Redis URI are exclusive: choose one", e.getMessage());
  }

  private void assertErrorsFree() {
    for (Throwable t : l2Errors) {
      LogCapture.assertAbsent("onL2Error exception", stackTrace(t), WRONG, redis.aclPassword(), redis.password());
    }
  }

  static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
