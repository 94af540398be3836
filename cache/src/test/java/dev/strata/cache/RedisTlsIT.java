package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.LogCapture;
import dev.strata.testkit.SecuredRedis;
import dev.strata.testkit.TlsProxy;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS to Redis through testkit's TLS proxy (a self-signed certificate for 127.0.0.1) in front of a
 * Redis that requires a password: the cache's TLS options reach Lettuce and the traffic is TLS.
 */
class RedisTlsIT {

  private static final Duration TTL = Duration.ofMinutes(1);
  private static final Duration SLOW = Duration.ofSeconds(5);
  private static SecuredRedis redis;
  private static TlsProxy tls;

  @BeforeAll
  static void start() {
    redis = SecuredRedis.start();
    tls = TlsProxy.start(redis.node().host(), redis.node().port());
    // the JVM's first TLS handshakes (JSSE and Netty start-up, EC keys) can outlast a cache's 1 s connect
    // timeout on a busy machine: make one here, and give the caches below generous timeouts
    RedisURI uri = RedisURI.create("rediss://127.0.0.1:" + tls.port());
    uri.setAuthentication(redis.password().toCharArray());
    RedisClient warmUp = RedisClient.create(uri);
    warmUp.setOptions(ClientOptions.builder().sslOptions(trustingTheProxy()).build());
    try (StatefulRedisConnection<String, String> c = warmUp.connect()) {
      c.sync().ping();
    } finally {
      warmUp.shutdown();
    }
  }

  @AfterAll
  static void stop() {
    tls.close();
    redis.close();
  }

  private static SslOptions trustingTheProxy() {
    return SslOptions.builder().truststore(tls.trustStore().toFile(), TlsProxy.TRUST_STORE_PASSWORD).build();
  }

  @Test
  void redissWithTheProxysTrustStore_storesInRedisOverTls_withFullVerification() {
    long before = tls.handshakes();
    try (TieredCache cache = TieredCache.builder().name("tls").namespace("tls").commandTimeout(SLOW)
        .redis("rediss://127.0.0.1:" + tls.port() + "?verifyPeer=FULL")
        .redisCredentials(SecuredRedis.ACL_USER, redis.aclPassword().toCharArray())
        .redisTls(trustingTheProxy()).build()) {
      cache.put("k", "over-tls", TTL);
      cache.clearLocal();
      assertEquals(Optional.of("over-tls"), cache.get("k", String.class));
      assertEquals(0, cache.stats().l2Errors());
    }
    assertTrue(tls.handshakes() > before, "the cache's connections went through the TLS proxy");
    RedisClient plain = RedisClient.create(redis.aclUri());
    try (StatefulRedisConnection<String, String> c = plain.connect()) {
      assertTrue(c.sync().exists("tls:k") == 1, "the value reached Redis behind the proxy");
    } finally {
      plain.shutdown();
    }
  }

  @Test
  void redisTls_makesAPlainRedisUriSpeakTls() {
    long before = tls.handshakes();
    try (TieredCache cache = TieredCache.builder().name("tls-flag").namespace("tls").commandTimeout(SLOW)
        .redis("redis://127.0.0.1:" + tls.port()).redisCredentials(null, redis.password().toCharArray())
        .redisTls(trustingTheProxy()).build()) {
      cache.put("k2", "v", TTL);
      cache.clearLocal();
      assertEquals(Optional.of("v"), cache.get("k2", String.class));
    }
    assertTrue(tls.handshakes() > before);
  }

  @Test
  void aCertificateTheClientDoesNotTrust_failsOpen_withoutPrintingThePassword() {
    long before = tls.handshakes();
    try (LogCapture logs = LogCapture.start();
        TieredCache cache = TieredCache.builder().name("untrusted").namespace("tls")
            .redis("rediss://127.0.0.1:" + tls.port())
            .redisCredentials(SecuredRedis.ACL_USER, redis.aclPassword().toCharArray())
            .redisTls(SslOptions.create()).build()) { // the JDK's trust store: not the proxy's certificate
      assertEquals("loaded", cache.getOrSet("k3", String.class, TTL, () -> "loaded"));
      assertTrue(cache.stats().l2Errors() > 0 || cache.stats().circuitOpens() > 0, cache.stats().toString());
      assertEquals(before, tls.handshakes(), "no TLS session was established");
      logs.assertNoneOf(redis.aclPassword());
    }
  }
}
