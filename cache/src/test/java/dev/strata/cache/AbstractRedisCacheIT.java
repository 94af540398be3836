package dev.strata.cache;

import dev.strata.testkit.RedisExtension;
import dev.strata.testkit.TestRedis;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the integration tests: a {@link Caches} per test, namespaced by class and method, closed after it. */
@ExtendWith(RedisExtension.class)
abstract class AbstractRedisCacheIT {

  protected Caches caches;
  protected TestRedis redis;

  /** The cached string of {@code key}, loading {@code "v" + version} on a miss (5-minute TTL). */
  protected static String cached(TieredCache c, CacheKey key, AtomicInteger version) {
    return c.getOrSet(key, String.class, Duration.ofMinutes(5), () -> "v" + version.get());
  }

  @BeforeEach
  void openCaches(TestRedis redis, TestInfo info) {
    this.redis = redis;
    this.caches = new Caches(redis, info.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void closeCaches() throws Exception {
    caches.close();
  }
}
