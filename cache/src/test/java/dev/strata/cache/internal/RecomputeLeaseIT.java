package dev.strata.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cache.CacheCodecs;
import dev.strata.cache.CacheLoader;
import dev.strata.cache.TieredCache;
import dev.strata.cache.ValueType;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.RedisExtension;
import dev.strata.testkit.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The recompute lease across instances: one expiring key, several instances, loader calls counted. */
@ExtendWith(RedisExtension.class)
class RecomputeLeaseIT {

  private static final Duration TTL = Duration.ofMinutes(5);
  private final List<TieredCache> open = new ArrayList<>();
  private RedisClient client;
  private RedisCommands<String, byte[]> raw;
  private String ns;
  private TestRedis redis;

  @BeforeEach
  void setUp(TestRedis redis, TestInfo info) {
    this.redis = redis;
    this.ns = redis.keyPrefix() + info.getTestMethod().orElseThrow().getName();
    this.client = RedisClient.create(redis.standalone().uri());
    this.raw = client.connect(RedisTier.CODEC).sync();
  }

  @AfterEach
  void tearDown() {
    open.forEach(TieredCache::close);
    client.shutdown();
  }

  private TieredCache instance(String name, Duration lease) {
    TieredCache c = TieredCache.builder().name(name).namespace(ns).redis(redis.standalone().uri())
        .earlyRecomputeBeta(10).recomputeLease(lease).build();
    open.add(c);
    return c;
  }

  @Test
  void miss_fourInstances_oneLoads_theOthersWaitForItsValue() throws Exception {
    // a lease far longer than the test: the losers' fallback (loading themselves) must not kick in
    TieredCache a = instance("a", Duration.ofSeconds(30));
    List<TieredCache> others = List.of(instance("b", Duration.ofSeconds(30)), instance("c", Duration.ofSeconds(30)),
        instance("d", Duration.ofSeconds(30)));
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch aLoading = new CountDownLatch(1);
    CompletableFuture<String> fromA = CompletableFuture.supplyAsync(() -> a.getOrSet("hot", String.class, TTL, () -> {
      loads.incrementAndGet();
      aLoading.countDown();
      // hold the load until every other instance has missed, lost the lease and looked again
      await("the others polling for a's value", () -> others.stream().allMatch(o -> o.stats().l2Misses() >= 2));
      return "from-a";
    }));
    assertTrue(aLoading.await(10, TimeUnit.SECONDS));
    List<CompletableFuture<String>> rest = new ArrayList<>();
    for (TieredCache o : others) {
      rest.add(CompletableFuture.supplyAsync(() -> o.getOrSet("hot", String.class, TTL, () -> {
        loads.incrementAndGet();
        return "from-" + o;
      })));
    }
    assertEquals("from-a", fromA.get(20, TimeUnit.SECONDS));
    for (CompletableFuture<String> r : rest) {
      assertEquals("from-a", r.get(20, TimeUnit.SECONDS));
    }
    assertEquals(1, loads.get());
  }

  @Test
  void earlyRecompute_fourInstancesDue_oneRecomputes_theOthersServeTheCurrentValue() throws Exception {
    // a value whose recorded recompute time is enormous: every read's XFetch draw says "recompute now"
    // (probability 1 - 3e-6 per read), so without a lease every instance recomputes
    byte[] old = new Envelope(false, System.currentTimeMillis() + 60_000, Integer.MAX_VALUE,
        CacheCodecs.json().encode("old", ValueType.of(String.class))).toBytes(Integer.MAX_VALUE);
    raw.set(ns + ":hot", old, SetArgs.Builder.px(60_000));
    TieredCache a = instance("a", Duration.ofSeconds(30));
    List<TieredCache> others = List.of(instance("b", Duration.ofSeconds(30)), instance("c", Duration.ofSeconds(30)),
        instance("d", Duration.ofSeconds(30)));
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch aLoading = new CountDownLatch(1);
    CountDownLatch othersServed = new CountDownLatch(1);
    CompletableFuture<String> fromA = CompletableFuture.supplyAsync(() -> a.getOrSet("hot", String.class, TTL, () -> {
      loads.incrementAndGet();
      aLoading.countDown();
      othersServed.await(10, TimeUnit.SECONDS); // a holds the lease while the others read
      return "new";
    }));
    assertTrue(aLoading.await(10, TimeUnit.SECONDS), "a's draw made it recompute");
    CacheLoader<String> elsewhere = () -> {
      loads.incrementAndGet();
      return "recomputed elsewhere";
    };
    try {
      for (TieredCache o : others) {
        assertEquals("old", o.getOrSet("hot", String.class, TTL, elsewhere), o + " serves the current value");
      }
    } finally {
      othersServed.countDown();
    }
    assertEquals("new", fromA.get(20, TimeUnit.SECONDS));
    for (TieredCache o : others) {
      await(o + " picking up a's value", () -> "new".equals(o.getOrSet("hot", String.class, TTL, elsewhere)));
    }
    assertEquals(1, loads.get());
    assertEquals(1, a.stats().earlyRecomputes());
    others.forEach(o -> assertEquals(0, o.stats().earlyRecomputes()));
  }

  @Test
  void miss_leaseHeldByAnInstanceThatNeverFinishes_waitsAtMostTheLease_thenLoadsItself() {
    TieredCache a = instance("a", Duration.ofMillis(200));
    String leaseKey = "{" + ns + ":hot}:lease";
    raw.set(leaseKey, "someone-gone".getBytes(), SetArgs.Builder.px(60_000)); // a holder that died
    assertEquals("mine", a.getOrSet("hot", String.class, TTL, () -> "mine"));
    assertEquals(1, a.stats().loads());
    assertEquals("someone-gone", new String(raw.get(leaseKey)), "a foreign lease is never deleted");
  }

  @Test
  void leasesDisabled_leaveNoLeaseKeys() {
    TieredCache a = instance("a", Duration.ZERO);
    assertEquals("v", a.getOrSet("hot", String.class, TTL, () -> "v"));
    assertEquals(0, raw.exists("{" + ns + ":hot}:lease"));
  }

  private static void await(String what, Eventually.Condition condition) {
    Eventually.within(Duration.ofSeconds(10), what, condition);
  }
}
