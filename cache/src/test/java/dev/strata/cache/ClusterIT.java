package dev.strata.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.Eventually;
import dev.strata.testkit.RedisClusterNodes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The same API over a real three-master Redis Cluster (Lettuce's cluster client). */
class ClusterIT extends AbstractRedisCacheIT {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final int GROUPS = 30;

  @Test
  void groupInvalidation_withGroupsOnEveryNode_noCrossSlot_andSecondInstanceL1Follows() {
    TieredCache a = caches.cluster("a", b -> b);
    TieredCache b = caches.cluster("b", b2 -> b2);
    AtomicInteger version = new AtomicInteger(1);
    RedisClusterNodes cluster = redis.cluster();
    Set<Integer> nodes = new HashSet<>();
    for (int g = 1; g <= GROUPS; g++) {
      for (int k = 0; k < 3; k++) {
        CacheKey key = CacheKey.of("venture:" + g, "k" + k);
        cached(a, key, version);
        cached(b, key, version);
      }
      nodes.add(cluster.nodeOf(caches.namespace() + ":{venture:" + g + "}:gen"));
    }
    assertEquals(3, nodes.size(), "the groups live on every master");
    version.set(2);
    for (int g = 1; g <= GROUPS; g += 2) {
      a.invalidateGroup("venture:" + g);
    }
    for (int g = 1; g <= GROUPS; g++) {
      String expected = g % 2 == 1 ? "v2" : "v1";
      for (int k = 0; k < 3; k++) {
        CacheKey key = CacheKey.of("venture:" + g, "k" + k);
        assertEquals(expected, cached(a, key, version), key.toString());
        Eventually.within(Duration.ofSeconds(2), "b seeing " + expected + " for " + key,
            () -> expected.equals(cached(b, key, version)));
      }
    }
  }

  @Test
  void updateGroup_withGroupsOnEveryNode_patchesWithoutCrossSlot_andSecondInstanceFollows() {
    TieredCache a = caches.cluster("a", b -> b);
    TieredCache b = caches.cluster("b", b2 -> b2);
    AtomicInteger version = new AtomicInteger(1);
    Set<Integer> nodes = new HashSet<>();
    for (int g = 1; g <= GROUPS; g++) {
      cached(a, CacheKey.of("user:" + g, "page"), version);
      cached(b, CacheKey.of("user:" + g, "page"), version);
      nodes.add(redis.cluster().nodeOf(caches.namespace() + ":{user:" + g + "}:gen"));
    }
    assertEquals(3, nodes.size(), "the groups live on every master");
    for (int g = 1; g <= GROUPS; g++) {
      assertTrue(a.updateGroup("user:" + g, g, Map.of("page", GroupUpdate.patch(String.class, v -> v + "+w"))),
          "user:" + g + " patched");
    }
    version.set(2); // a load would now give v2: the patched value is served instead
    for (int g = 1; g <= GROUPS; g++) {
      CacheKey key = CacheKey.of("user:" + g, "page");
      assertEquals("v1+w", cached(a, key, version), key.toString());
      Eventually.within(Duration.ofSeconds(5), "b seeing v1+w for " + key, () -> "v1+w".equals(cached(b, key, version)));
    }
  }

  @Test
  void invalidateMatching_scansEveryMaster() {
    TieredCache a = caches.cluster("a", b -> b);
    Map<Integer, Integer> perNode = new HashMap<>();
    for (int u = 1; u <= 300; u++) {
      String name = "user:" + u + ":ventures";
      a.put(name, "v", TTL);
      perNode.merge(redis.cluster().nodeOf(caches.namespace() + ":" + name), 1, Integer::sum);
      a.put("user:" + u + ":profile", "p", TTL);
    }
    assertEquals(3, perNode.size(), "keys on every master: " + perNode);
    assertEquals(300, a.invalidateMatching("user:*:ventures"));
    assertEquals(0, a.invalidateMatching("user:*:ventures"));
    assertTrue(a.get("user:7:ventures", String.class).isEmpty());
    assertEquals("p", a.get("user:7:profile", String.class).orElseThrow());
  }

  @Test
  void masterStopped_keysOnOtherMastersStillCached_noException_recoversAfterRestart() {
    TieredCache a = caches.cluster("a", b -> b.commandTimeout(Duration.ofMillis(300)).disableL1());
    RedisClusterNodes cluster = redis.cluster();
    Map<Integer, String> keyOnNode = new HashMap<>();
    for (int i = 0; keyOnNode.size() < 3; i++) {
      String name = "n" + i;
      keyOnNode.putIfAbsent(cluster.nodeOf(caches.namespace() + ":" + name), name);
    }
    keyOnNode.values().forEach(k -> a.put(k, "cached " + k, TTL));
    cluster.stopNode(2);
    try {
      AtomicInteger loads = new AtomicInteger();
      for (String k : keyOnNode.values()) {
        // no exception: the key on the stopped master falls through to the loader
        String v = a.getOrSet(k, String.class, TTL, () -> {
          loads.incrementAndGet();
          return "loaded " + k;
        });
        assertTrue(v.equals("cached " + k) || v.equals("loaded " + k), v);
      }
      assertTrue(loads.get() >= 1, "the key on the stopped master was loaded");
    } finally {
      cluster.restartNode(2);
    }
    String onRestarted = keyOnNode.get(2);
    Eventually.within(Duration.ofSeconds(20), "Redis answering for the restarted master's slots", () -> {
      a.put(onRestarted, "again", TTL);
      return a.get(onRestarted, String.class).filter("again"::equals).isPresent();
    });
  }

  @Test
  void getOrSet_put_get_invalidate_overCluster() {
    TieredCache a = caches.cluster("a", b -> b);
    TieredCache l2only = caches.cluster("l2", TieredCacheBuilder::disableL1);
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 50; i++) {
      int n = i;
      assertEquals(n, a.getOrSet("n" + i, Integer.class, TTL, () -> {
        loads.incrementAndGet();
        return n;
      }));
      assertEquals(n, l2only.getOrSet("n" + i, Integer.class, TTL, () -> -1));
    }
    assertEquals(50, loads.get());
    l2only.invalidate("n3");
    assertTrue(l2only.get("n3", Integer.class).isEmpty());
    Eventually.within(Duration.ofSeconds(2), "a's L1 dropping n3", () -> a.get("n3", Integer.class).isEmpty());
  }
}
