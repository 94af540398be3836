package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cache.Samples.Board;
import dev.strata.cache.Samples.Post;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Get/put/getOrSet/invalidate through both tiers against a real standalone Redis. */
class TieredCacheIT extends AbstractRedisCacheIT {

  private static final Duration TTL = Duration.ofMinutes(5);

  @Test
  void getOrSet_secondCall_isL1Hit_andValueIsSharedThroughRedis() {
    TieredCache a = caches.standalone("a");
    TieredCache b = caches.standalone("b", TieredCacheBuilder::disableL1);
    AtomicInteger loads = new AtomicInteger();
    CacheLoader<Board> loader = () -> {
      loads.incrementAndGet();
      return Samples.board(7);
    };
    assertEquals(Samples.board(7), a.getOrSet("board:7", Board.class, TTL, loader));
    assertEquals(Samples.board(7), a.getOrSet("board:7", Board.class, TTL, loader));
    assertEquals(1, a.stats().l1Hits());
    // b has no L1: its value is decoded from Redis into the declared record type
    assertEquals(Samples.board(7), b.getOrSet("board:7", Board.class, TTL, loader));
    assertEquals(1, b.stats().l2Hits());
    assertEquals(1, loads.get());
  }

  @Test
  void genericList_fromRedis_isListOfRecords() {
    TieredCache writer = caches.standalone("w");
    TieredCache reader = caches.standalone("r", TieredCacheBuilder::disableL1);
    List<Post> posts = List.of(Samples.post(1), Samples.post(2));
    writer.put(CacheKey.of("user:1", "posts"), ValueType.listOf(Post.class), posts, TTL);
    List<Post> back = reader.get(CacheKey.of("user:1", "posts"), ValueType.listOf(Post.class)).orElseThrow();
    assertEquals(posts, back);
    assertEquals(Post.class, back.get(1).getClass());
  }

  @Test
  void put_thenGet_thenInvalidate_inBothTiers() {
    TieredCache a = caches.standalone("a");
    TieredCache l2only = caches.standalone("l2", TieredCacheBuilder::disableL1);
    a.put("greeting", "hello", TTL);
    assertEquals("hello", a.get("greeting", String.class).orElseThrow());
    assertEquals("hello", l2only.get("greeting", String.class).orElseThrow());
    a.invalidate("greeting");
    assertTrue(a.get("greeting", String.class).isEmpty());
    assertTrue(l2only.get("greeting", String.class).isEmpty());
  }

  @Test
  void redisTtl_isTheRequestedTtlMinusAtMostTheJitter() {
    TieredCache a = caches.standalone("a");
    a.put("k", "v", Duration.ofSeconds(100));
    RedisCommands<String, String> raw = caches.raw().sync();
    long pttl = raw.pttl(caches.namespace() + ":k");
    assertTrue(pttl > 89_000 && pttl <= 100_000, "pttl " + pttl);
  }

  @Test
  void negativeCaching_absentIsCachedForNegativeTtl_thenReloaded() throws Exception {
    TieredCache a = caches.standalone("a", b -> b.negativeTtl(Duration.ofMillis(300)));
    TieredCache other = caches.standalone("o", TieredCacheBuilder::disableL1);
    AtomicInteger loads = new AtomicInteger();
    CacheLoader<String> none = () -> {
      loads.incrementAndGet();
      return null;
    };
    assertNull(a.getOrSet("missing", String.class, TTL, none));
    assertNull(a.getOrSet("missing", String.class, TTL, none));
    assertNull(other.getOrSet("missing", String.class, TTL, none));
    assertEquals(1, loads.get());
    assertTrue(a.get("missing", String.class).isEmpty());
    Thread.sleep(400);
    assertNull(a.getOrSet("missing", String.class, TTL, none));
    assertEquals(2, loads.get());
  }

  @Test
  void negativeCaching_disabled_loadsEveryTime() {
    TieredCache a = caches.standalone("a", b -> b.negativeTtl(Duration.ZERO));
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      assertNull(a.getOrSet("missing", String.class, TTL, () -> {
        loads.incrementAndGet();
        return null;
      }));
    }
    assertEquals(3, loads.get());
  }

  @Test
  void oversizedValue_putFailsWithClearMessage_getOrSetServesItUncachedInRedis() {
    TieredCache a = caches.standalone("a", b -> b.maxValueBytes(1_000));
    TieredCache l2only = caches.standalone("l2", TieredCacheBuilder::disableL1);
    String big = "x".repeat(5_000);
    CacheCodecException e = assertThrows(CacheCodecException.class, () -> a.put("big", big, TTL));
    assertTrue(e.getMessage().contains("'big'") && e.getMessage().contains("maxValueBytes 1000"), e.getMessage());
    assertEquals(big, a.getOrSet("big2", String.class, TTL, () -> big));
    assertTrue(l2only.get("big2", String.class).isEmpty());
    assertEquals(2, a.stats().rejected());
  }

  @Test
  void compression_largeValueFitsAndRoundTrips() {
    TieredCache a = caches.standalone("a", b -> b.maxValueBytes(2_000).compressAbove(512));
    TieredCache reader = caches.standalone("r", TieredCacheBuilder::disableL1);
    String big = "abc".repeat(10_000);
    a.put("big", big, TTL);
    assertEquals(big, reader.get("big", String.class).orElseThrow());
    long stored = caches.raw().sync().strlen(caches.namespace() + ":big");
    assertTrue(stored < 2_000, "stored " + stored + " bytes");
  }

  @Test
  void corruptRedisValue_isAMiss_andIsOverwrittenByTheLoad() {
    caches.raw().sync().set(caches.namespace() + ":k", "not an entry");
    TieredCache a = caches.standalone("a", TieredCacheBuilder::disableL1);
    assertEquals("loaded", a.getOrSet("k", String.class, TTL, () -> "loaded"));
    assertEquals("loaded", a.get("k", String.class).orElseThrow());
  }

  @Test
  void pluggableCodec_isUsedForRedisValues() {
    CacheCodec upper = new CacheCodec() {
      @Override
      public byte[] encode(Object value, ValueType<?> type) {
        return ((String) value).toUpperCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }

      @Override
      @SuppressWarnings("unchecked")
      public <T> T decode(byte[] bytes, ValueType<T> type) {
        return (T) new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      }
    };
    TieredCache a = caches.standalone("a", b -> b.codec(upper).disableL1());
    a.put("k", "shout", TTL);
    assertEquals("SHOUT", a.get("k", String.class).orElseThrow());
    String stored = caches.raw().sync().get(caches.namespace() + ":k");
    assertTrue(stored.endsWith("SHOUT"), stored);
  }

  @Test
  void changedValueShape_isAMiss_notAnException() {
    TieredCache a = caches.standalone("a", TieredCacheBuilder::disableL1);
    a.put("k", List.of(1, 2, 3), TTL);
    assertEquals(Samples.board(1), a.getOrSet("k", Board.class, TTL, () -> Samples.board(1)));
  }
}
