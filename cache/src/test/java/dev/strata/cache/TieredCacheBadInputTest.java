package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Argument and configuration errors, and loader failures, on an L1-only cache (no server needed). */
class TieredCacheBadInputTest {

  private static final Duration TTL = Duration.ofMinutes(1);
  private final TieredCache cache = TieredCache.builder().name("bad-input").build();

  @AfterEach
  void close() {
    cache.close();
  }

  private static void assertMessage(Throwable t, String... parts) {
    for (String p : parts) {
      assertTrue(t.getMessage() != null && t.getMessage().contains(p), "'" + t.getMessage() + "' should contain '" + p + "'");
    }
  }

  @Test
  void getOrSet_nullKey_namesKey() {
    assertMessage(assertThrows(NullPointerException.class, () -> cache.getOrSet((String) null, String.class, TTL, () -> "v")), "key");
  }

  @Test
  void getOrSet_blankKey_namesRule() {
    assertMessage(assertThrows(IllegalArgumentException.class, () -> cache.getOrSet("  ", String.class, TTL, () -> "v")),
        "key", "blank");
  }

  @Test
  void getOrSet_negativeOrZeroTtl_rejectedWithValue() {
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> cache.getOrSet("k", String.class, Duration.ofSeconds(-5), () -> "v")), "ttl", "PT-5S");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> cache.getOrSet("k", String.class, Duration.ZERO, () -> "v")), "ttl", "at least 1 ms");
    assertMessage(assertThrows(NullPointerException.class, () -> cache.getOrSet("k", String.class, null, () -> "v")), "ttl");
  }

  @Test
  void getOrSet_nullLoaderOrType_namesArgument() {
    assertMessage(assertThrows(NullPointerException.class, () -> cache.getOrSet("k", String.class, TTL, null)), "loader");
    assertMessage(assertThrows(NullPointerException.class,
        () -> cache.getOrSet(CacheKey.of("k"), (ValueType<String>) null, TTL, () -> "v")), "type");
  }

  @Test
  void getOrSet_loaderThrowsUnchecked_sameExceptionReachesCaller_andNothingIsCached() {
    IllegalStateException boom = new IllegalStateException("db down");
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> cache.getOrSet("k", String.class, TTL, () -> {
      calls.incrementAndGet();
      throw boom;
    }));
    assertSame(boom, thrown);
    assertEquals("fresh", cache.getOrSet("k", String.class, TTL, () -> {
      calls.incrementAndGet();
      return "fresh";
    }));
    assertEquals(2, calls.get());
    assertEquals(1, cache.stats().loadFailures());
  }

  @Test
  void getOrSet_loaderThrowsChecked_wrappedWithCause() {
    IOException io = new IOException("disk");
    CacheLoadException e = assertThrows(CacheLoadException.class, () -> cache.getOrSet("k2", String.class, TTL, () -> {
      throw io;
    }));
    assertSame(io, e.getCause());
    assertMessage(e, "k2", "disk");
    assertTrue(cache.get("k2", String.class).isEmpty());
  }

  @Test
  void getOrSet_loaderReturnsWrongType_failsAndCachesNothing() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    CacheLoader<String> wrong = (CacheLoader) () -> 42;
    assertMessage(assertThrows(ClassCastException.class, () -> cache.getOrSet("k3", String.class, TTL, wrong)),
        "Integer", "String");
    assertTrue(cache.get("k3", String.class).isEmpty());
  }

  @Test
  void getOrSet_loaderAsksForItsOwnKey_failsInsteadOfDeadlocking() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.getOrSet("r", String.class, TTL,
        () -> cache.getOrSet("r", String.class, TTL, () -> "inner")));
    assertMessage(e, "'r'", "same key");
  }

  @Test
  void groupWithBraces_rejectedNamingHashTag() {
    assertMessage(assertThrows(IllegalArgumentException.class, () -> CacheKey.of("venture:{1}", "k")), "group", "hash tag");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> cache.invalidateGroup("a}b")), "group");
  }

  @Test
  void updateGroup_badArguments_rejectedNamingThem_beforeAnyEffect() {
    cache.put(CacheKey.of("g", "k"), "v", TTL);
    java.util.Map<String, GroupUpdate<?>> nullUpdate = new java.util.HashMap<>();
    nullUpdate.put("k", GroupUpdate.keep());
    nullUpdate.put("n", null);
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> cache.updateGroup("a}b", 0, java.util.Map.of())), "group");
    assertMessage(assertThrows(NullPointerException.class, () -> cache.updateGroup("g", 0, null)), "updates");
    assertMessage(assertThrows(NullPointerException.class, () -> cache.updateGroup("g", 0, nullUpdate)), "updates", "'n'");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> cache.updateGroup("g", 0, java.util.Map.of("{x", GroupUpdate.keep()))), "updates key");
    assertMessage(assertThrows(NullPointerException.class, () -> GroupUpdate.patch((Class<String>) null, v -> v)), "type");
    assertMessage(assertThrows(NullPointerException.class, () -> GroupUpdate.patch(String.class, null)), "function");
    assertEquals(java.util.Optional.of("v"), cache.get(CacheKey.of("g", "k"), String.class), "nothing invalidated");
  }

  @Test
  void put_nullValue_rejected() {
    assertMessage(assertThrows(NullPointerException.class, () -> cache.put("k", null, TTL)), "value");
  }

  @Test
  void key_tooLong_rejectedWithLength() {
    assertMessage(assertThrows(IllegalArgumentException.class, () -> cache.invalidate("x".repeat(2_000))), "1024", "2000");
  }

  @Test
  void builder_optionTwice_orContradictions_fail() {
    TieredCacheBuilder b = TieredCache.builder().namespace("a");
    assertMessage(assertThrows(IllegalStateException.class, () -> b.namespace("b")), "namespace", "already set");
    assertMessage(assertThrows(IllegalStateException.class, () -> TieredCache.builder().disableL1().build()), "no tier");
    assertMessage(assertThrows(IllegalStateException.class,
        () -> TieredCache.builder().redis("redis://a:1").redisCluster(java.util.List.of("redis://b:2")).build()), "exclusive");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> TieredCache.builder().ttlJitter(0.9)), "ttlJitter", "0.9");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> TieredCache.builder().l1MaximumSize(0)), "l1MaximumSize");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> TieredCache.builder().namespace("ns{x}")), "namespace");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> TieredCache.builder().negativeTtl(Duration.ofMillis(-1))),
        "negativeTtl");
  }

  @Test
  void durations_tooLongForMillisecondArithmetic_rejectedNamingArgument() {
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
    assertMessage(assertThrows(IllegalArgumentException.class, () -> cache.getOrSet("k", String.class, huge, () -> "v")),
        "ttl", "at most 3650 days", huge.toString());
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> cache.getOrSet("k", String.class, Duration.ofMillis(Long.MAX_VALUE), () -> "v")), "ttl", "at most");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> cache.put("k", "v", huge)), "ttl", "at most");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> TieredCache.builder().l1MaxTtl(huge)),
        "l1MaxTtl", "at most 3650 days");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> TieredCache.builder().negativeTtl(huge)),
        "negativeTtl", "at most 3650 days");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> TieredCache.builder().commandTimeout(huge)),
        "commandTimeout", "at most 1 days");
    // not an overflow here, but Lettuce's connect timeout is an int of milliseconds (24.8 days)
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> TieredCache.builder().commandTimeout(Duration.ofDays(30))), "commandTimeout", "PT720H");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> TieredCache.builder().circuitBreaker(3, huge)),
        "open", "at most 1 days");
    assertTrue(cache.get("k", String.class).isEmpty(), "nothing stored by the rejected calls");
  }

  @Test
  void durations_atTheirLimits_accepted() {
    assertEquals("v", cache.getOrSet("k", String.class, Duration.ofDays(3_650), () -> "v"));
    cache.put("k2", "v2", Duration.ofDays(3_650));
    assertEquals("v2", cache.get("k2", String.class).orElseThrow());
    TieredCache.builder().l1MaxTtl(Duration.ofDays(3_650)).negativeTtl(Duration.ofDays(3_650))
        .commandTimeout(Duration.ofDays(1)).circuitBreaker(1, Duration.ofDays(1)).build().close();
  }
}
