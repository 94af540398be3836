package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The stats snapshot and the listener, as a metrics binder would see them. */
class CacheListenerIT extends AbstractRedisCacheIT {

  private static final Duration TTL = Duration.ofMinutes(5);

  /** Records every event as a short string. */
  static final class Recorder implements CacheListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onHit(CacheTier tier) {
      events.add("hit " + tier);
    }

    @Override
    public void onMiss(CacheTier tier) {
      events.add("miss " + tier);
    }

    @Override
    public void onLoad(long nanos, boolean success) {
      events.add("load " + success + (nanos > 0 ? "" : " without time"));
    }

    @Override
    public void onL1Eviction() {
      events.add("eviction");
    }

    @Override
    public void onRejected(String key, String reason) {
      events.add("rejected " + key);
    }

    long count(String event) {
      return events.stream().filter(event::equals).count();
    }
  }

  @Test
  void tiersLoadsAndFailures_areCountedAndReported() {
    Recorder rec = new Recorder();
    TieredCache b = caches.standalone("b");
    b.put("shared", "from b", TTL); // before a subscribes: no invalidation message reaches a
    TieredCache a = caches.standalone("a", x -> x.listener(rec).maxValueBytes(100));
    assertEquals("v", a.getOrSet("k", String.class, TTL, () -> "v"));     // miss L1, miss L2, load
    assertEquals("v", a.getOrSet("k", String.class, TTL, () -> "v"));     // hit L1
    assertEquals("from b", a.getOrSet("shared", String.class, TTL, () -> "x")); // miss L1, hit L2
    assertThrows(IllegalStateException.class, () -> a.getOrSet("bad", String.class, TTL, () -> {
      throw new IllegalStateException("boom");
    }));
    a.getOrSet("big", String.class, TTL, () -> "y".repeat(500));

    CacheStats s = a.stats();
    assertEquals(1, s.l1Hits());
    assertEquals(4, s.l1Misses());
    assertEquals(1, s.l2Hits());
    assertEquals(3, s.l2Misses());
    assertEquals(3, s.loads());
    assertEquals(1, s.loadFailures());
    assertTrue(s.loadNanos() > 0 && s.averageLoadNanos() > 0);
    assertEquals(1, s.rejected());
    assertEquals(2.0 / 5, s.hitRatio(), 1e-9);

    assertEquals(List.of("miss L1", "miss L2", "load true", "hit L1", "miss L1", "hit L2", "miss L1", "miss L2",
        "load false", "miss L1", "miss L2", "load true", "rejected big"), rec.events);
  }

  @Test
  void l1SizeBound_evictionsAreReported() {
    Recorder rec = new Recorder();
    TieredCache a = caches.standalone("a", b -> b.listener(rec).l1MaximumSize(10));
    for (int i = 0; i < 200; i++) {
      int n = i;
      a.getOrSet("k" + i, Integer.class, TTL, () -> n);
    }
    Eventually.within(Duration.ofSeconds(5), "evictions reported", () -> a.stats().l1Evictions() >= 150);
    assertEquals(a.stats().l1Evictions(), rec.count("eviction"));
  }

  @Test
  void throwingListener_doesNotBreakTheCache() {
    AtomicInteger calls = new AtomicInteger();
    CacheListener rude = new CacheListener() {
      @Override
      public void onHit(CacheTier tier) {
        calls.incrementAndGet();
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onLoad(long nanos, boolean success) {
        calls.incrementAndGet();
        throw new IllegalStateException("listener bug");
      }
    };
    TieredCache a = caches.standalone("a", b -> b.listener(rude));
    assertEquals("v", a.getOrSet("k", String.class, TTL, () -> "v"));
    assertEquals("v", a.getOrSet("k", String.class, TTL, () -> "v"));
    assertEquals(2, calls.get());
    assertEquals(1, a.stats().l1Hits());
  }

  @Test
  void all_eachListenerReceivesEveryEvent_aThrowingOneDoesNotStopTheOthers() {
    Recorder first = new Recorder();
    Recorder last = new Recorder();
    CacheListener rude = new CacheListener() {
      @Override
      public void onMiss(CacheTier tier) {
        throw new IllegalStateException("listener bug");
      }
    };
    TieredCache a = caches.standalone("a", b -> b.listener(CacheListener.all(first, rude, last)));
    assertEquals("v", a.getOrSet("k", String.class, TTL, () -> "v"));
    assertEquals("v", a.getOrSet("k", String.class, TTL, () -> "v"));
    assertEquals(List.of("miss L1", "miss L2", "load true", "hit L1"), first.events);
    assertEquals(first.events, last.events);
    assertEquals(1, a.stats().l1Hits());
  }

  @Test
  void all_badArguments_andTrivialCombinations() {
    Recorder r = new Recorder();
    assertEquals("listeners[1]",
        assertThrows(NullPointerException.class, () -> CacheListener.all(r, null)).getMessage());
    assertSame(CacheListener.NONE, CacheListener.all());
    assertSame(r, CacheListener.all(CacheListener.NONE, r));
  }

  @Test
  void circuitEvents_reachTheListener() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    CacheListener l = new CacheListener() {
      @Override
      public void onCircuitOpen() {
        events.add("open");
      }

      @Override
      public void onL2Error(String operation, Throwable error) {
        events.add("error " + operation);
      }
    };
    TieredCache a = TieredCache.builder().name("down").redis("redis://127.0.0.1:1").listener(l)
        .commandTimeout(Duration.ofMillis(100)).build();
    try {
      assertEquals("v", a.getOrSet("k", String.class, TTL, () -> "v"));
      assertEquals("open", events.stream().filter("open"::equals).findFirst().orElse("none"));
      assertTrue(events.contains("error PING"), events.toString());
    } finally {
      a.close();
    }
  }
}
