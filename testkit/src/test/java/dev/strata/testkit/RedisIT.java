package dev.strata.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.internal.RespClient;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisIT {

  @Test
  void standalone_setThenGet(TestRedis redis) {
    RedisNode n = redis.standalone();
    try (RespClient c = new RespClient(n.host(), n.port())) {
      assertEquals("OK", c.call("SET", redis.keyPrefix() + "a", "1"));
      assertEquals("1", c.call("GET", redis.keyPrefix() + "a"));
    }
  }

  @Test
  void eachClass_getsItsOwnPrefix(TestRedis redis) {
    assertTrue(redis.keyPrefix().startsWith("t:RedisIT:"), redis.keyPrefix());
  }

  @Test
  void standalone_frozenThenThawed_answersWhatWasSentMeanwhile(TestRedis redis) throws Exception {
    Redis server = redis.server();
    assumeTrue(server.supportsFaultInjection(), "skipped: the Redis server comes from the environment or Docker, not ours to freeze");
    RedisNode n = redis.standalone();
    try (RespClient c = new RespClient(n.host(), n.port())) {
      server.freezeStandalone();
      java.util.concurrent.CompletableFuture<Object> reply;
      try {
        reply = java.util.concurrent.CompletableFuture.supplyAsync(() -> c.call("PING"));
        // a frozen server answers nothing, however long one waits
        assertThrows(java.util.concurrent.TimeoutException.class, () -> reply.get(300, java.util.concurrent.TimeUnit.MILLISECONDS));
      } finally {
        server.thawStandalone();
      }
      assertEquals("PONG", reply.get(10, java.util.concurrent.TimeUnit.SECONDS));
    }
  }

  @Test
  void standalone_stopThenRestart_samePort(TestRedis redis) {
    Redis server = redis.server();
    assumeTrue(server.supportsFaultInjection(), "skipped: the Redis server comes from the environment or Docker, not ours to stop");
    RedisNode n = redis.standalone();
    server.stopStandalone();
    try {
      assertThrows(UncheckedIOException.class, () -> new RespClient(n.host(), n.port()));
    } finally {
      server.restartStandalone();
    }
    try (RespClient c = new RespClient(n.host(), n.port())) {
      assertEquals("PONG", c.call("PING"));
    }
  }

  @Test
  void cluster_keysLandOnAllThreeNodes(TestRedis redis) {
    RedisClusterNodes cluster = redis.cluster();
    List<RedisNode> nodes = cluster.nodes();
    assertEquals(3, nodes.size());
    Map<Integer, Integer> perNode = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      String key = redis.keyPrefix() + "k" + i;
      int node = cluster.nodeOf(key);
      RedisNode owner = nodes.get(node);
      try (RespClient c = new RespClient(owner.host(), owner.port())) {
        assertEquals("OK", c.call("SET", key, "v" + i));
      }
      perNode.merge(node, 1, Integer::sum);
    }
    for (int i = 0; i < nodes.size(); i++) {
      assertTrue(perNode.getOrDefault(i, 0) > 0, "no key hashed to node " + i);
      assertTrue(cluster.keyCount(i) >= perNode.get(i), "node " + i + " holds fewer keys than were sent to it");
    }
    // A node that does not own a slot redirects instead of storing.
    String key = redis.keyPrefix() + "k0";
    int owner = cluster.nodeOf(key);
    RedisNode other = nodes.get((owner + 1) % nodes.size());
    try (RespClient c = new RespClient(other.host(), other.port())) {
      RespClient.RespError e = assertThrows(RespClient.RespError.class, () -> c.call("GET", key));
      assertTrue(e.getMessage().startsWith("MOVED"), e.getMessage());
    }
  }

  @Test
  void cluster_nodeOfSlot_agreesWithTheServer_atEverySplitBoundary(TestRedis redis) {
    RedisClusterNodes cluster = redis.cluster();
    List<RedisNode> nodes = cluster.nodes();
    // the first and last slot of each master's range, and their neighbours across the split
    for (int slot : new int[] {0, 5460, 5461, 10921, 10922, RedisClusterNodes.SLOTS - 1}) {
      String key = keyInSlot(redis.keyPrefix() + "b" + slot + ":", slot);
      assertEquals(slot, cluster.slotOf(key), "the test's CRC16 agrees with CLUSTER KEYSLOT for " + key);
      RedisNode owner = nodes.get(cluster.nodeOfSlot(slot));
      try (RespClient c = new RespClient(owner.host(), owner.port())) {
        assertEquals("OK", c.call("SET", key, "v"), "node " + owner + " stores slot " + slot + " without MOVED");
      }
      assertEquals(cluster.nodeOfSlot(slot), cluster.nodeOf(key));
    }
    assertThrows(IllegalArgumentException.class, () -> cluster.nodeOfSlot(RedisClusterNodes.SLOTS));
  }

  /** {@code prefix + n} for the first n whose Redis Cluster hash slot (CRC16-XMODEM mod 16384) is {@code slot}. */
  private static String keyInSlot(String prefix, int slot) {
    for (int n = 0; ; n++) {
      String key = prefix + n;
      if (crc16(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)) % RedisClusterNodes.SLOTS == slot) {
        return key;
      }
    }
  }

  private static int crc16(byte[] bytes) {
    int crc = 0;
    for (byte b : bytes) {
      crc ^= (b & 0xFF) << 8;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      crc &= 0xFFFF;
    }
    return crc;
  }

  @Test
  void cluster_stoppedNode_restarts_andClusterIsOkAgain(TestRedis redis) {
    RedisClusterNodes cluster = redis.cluster();
    assumeTrue(cluster.supportsFaultInjection(),
        "skipped: the cluster named by STRATA_TEST_REDIS_CLUSTER_NODES is not ours to stop");
    cluster.stopNode(1);
    try {
      RedisNode down = cluster.nodes().get(1);
      assertThrows(UncheckedIOException.class, () -> new RespClient(down.host(), down.port()));
    } finally {
      cluster.restartNode(1);
    }
    RedisNode n = cluster.nodes().get(1);
    try (RespClient c = new RespClient(n.host(), n.port())) {
      String info = (String) c.call("CLUSTER", "INFO");
      assertTrue(info.contains("cluster_state:ok"), info);
    }
  }
}
