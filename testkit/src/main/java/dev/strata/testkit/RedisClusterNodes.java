package dev.strata.testkit;

import dev.strata.testkit.internal.FreePorts;
import dev.strata.testkit.internal.RedisProcess;
import dev.strata.testkit.internal.RespClient;
import dev.strata.testkit.internal.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Redis Cluster of three masters on loopback, all 16,384 slots assigned, or the cluster named by
 * {@code STRATA_TEST_REDIS_CLUSTER_NODES}.
 *
 * <p>The testkit always runs its own cluster from embedded binaries, even when Docker is present:
 * cluster nodes announce their own address to clients, and a container's internal address is not
 * the port Docker maps on the host.
 */
public final class RedisClusterNodes {

  static final int SLOTS = 16_384;
  private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisNode> nodes;
  private final List<RedisProcess> processes; // empty for an external cluster
  private final Path root;
  private final java.util.Map<Integer, ServerProcess> serverProcesses = new java.util.HashMap<>();

  private RedisClusterNodes(List<RedisNode> nodes, List<RedisProcess> processes, Path root) {
    this.nodes = List.copyOf(nodes);
    this.processes = List.copyOf(processes);
    this.root = root;
  }

  static RedisClusterNodes external(String variable, String csv) {
    List<RedisNode> nodes = new ArrayList<>();
    for (String uri : csv.split(",")) {
      if (!uri.isBlank()) {
        nodes.add(RedisNode.parse(variable, uri));
      }
    }
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException(variable + " must list at least one redis:// URI, was: " + csv);
    }
    return new RedisClusterNodes(nodes, List.of(), null);
  }

  /** Starts three cluster-enabled servers, joins them with CLUSTER MEET and splits the slots with ADDSLOTS. */
  static RedisClusterNodes embedded() {
    Path root = TempDirs.create("strata-redis-cluster-");
    List<RedisProcess> processes = new ArrayList<>();
    List<RedisNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        int port = FreePorts.next();
        Path dir = Files.createDirectories(root.resolve("node-" + i));
        RedisProcess p = new RedisProcess(port, dir, List.of(
            "cluster-enabled yes",
            "cluster-config-file " + dir.resolve("nodes.conf").toAbsolutePath(),
            "cluster-node-timeout 2000",
            "cluster-require-full-coverage yes"));
        p.start();
        processes.add(p);
        nodes.add(new RedisNode("127.0.0.1", port));
      }
      try (RespClient first = new RespClient("127.0.0.1", nodes.get(0).port())) {
        for (int i = 1; i < nodes.size(); i++) {
          first.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port()));
        }
      }
      // Redis 6.2 has no ADDSLOTSRANGE: each master gets its third of the slots in one ADDSLOTS.
      for (int i = 0; i < nodes.size(); i++) {
        int from = i * SLOTS / nodes.size();
        int to = (i + 1) * SLOTS / nodes.size() - 1;
        List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        for (int slot = from; slot <= to; slot++) {
          args.add(Integer.toString(slot));
        }
        try (RespClient c = new RespClient("127.0.0.1", nodes.get(i).port())) {
          c.call(args.toArray(String[]::new));
        }
      }
      RedisClusterNodes cluster = new RedisClusterNodes(nodes, processes, root);
      cluster.awaitClusterOk(FORM_TIMEOUT);
      return cluster;
    } catch (Exception e) {
      processes.forEach(RedisProcess::stop);
      TempDirs.deleteQuietly(root);
      throw new IllegalStateException("could not form the embedded Redis Cluster", e);
    }
  }

  /** The masters, in slot order (node 0 owns the lowest slots). */
  public List<RedisNode> nodes() {
    return nodes;
  }

  /** The masters as {@code redis://} URIs, e.g. for Lettuce's {@code RedisClusterClient.create(...)}. */
  public List<String> uris() {
    return nodes.stream().map(RedisNode::uri).toList();
  }

  /** Stops node {@code index} (its slots become unavailable; the cluster state turns to fail). */
  public void stopNode(int index) {
    process(index).stop();
  }

  /** Restarts node {@code index} on the same port with its nodes.conf, and waits for {@code cluster_state:ok}. */
  public void restartNode(int index) {
    process(index).start();
    awaitClusterOk(FORM_TIMEOUT);
  }

  /**
   * Node {@code index}'s process, to kill, freeze or restart it (see {@link ServerProcess}); its
   * {@code restart()} waits for {@code cluster_state:ok}, as {@link #restartNode(int)} does.
   *
   * @throws UnsupportedOperationException for a cluster named by {@code STRATA_TEST_REDIS_CLUSTER_NODES}
   */
  public ServerProcess nodeProcess(int index) {
    RedisProcess p = process(index);
    synchronized (serverProcesses) {
      return serverProcesses.computeIfAbsent(index,
          i -> p.asServerProcess("Redis Cluster node " + i, () -> awaitClusterOk(FORM_TIMEOUT)));
    }
  }

  /** Waits until every running node reports {@code cluster_state:ok} and knows all nodes. */
  public void awaitClusterOk(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (RedisNode n : nodes) {
        try (RespClient c = new RespClient(n.host(), n.port())) {
          String info = (String) c.call("CLUSTER", "INFO");
          last = n + ": " + info.lines().filter(l -> l.startsWith("cluster_state")).findFirst().orElse("?");
          if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + nodes.size())) {
            ok = false;
            break;
          }
        } catch (RuntimeException e) {
          ok = false;
          last = n + ": " + e.getMessage();
          break;
        }
      }
      if (ok) {
        return;
      }
      PostgreSQL.sleep(Duration.ofMillis(50));
    }
    throw new IllegalStateException("Redis Cluster not ok within " + timeout + " (last: " + last + ")");
  }

  /** The hash slot of {@code key}, as the node computes it (CLUSTER KEYSLOT). */
  public int slotOf(String key) {
    try (RespClient c = new RespClient(nodes.get(0).host(), nodes.get(0).port())) {
      return ((Long) c.call("CLUSTER", "KEYSLOT", key)).intValue();
    }
  }

  /**
   * The index in {@link #nodes()} of the master that owns {@code slot}, as the cluster reports it
   * (CLUSTER SLOTS) — not computed from the split, whose integer boundaries are easy to get wrong.
   */
  public int nodeOfSlot(int slot) {
    if (slot < 0 || slot >= SLOTS) {
      throw new IllegalArgumentException("slot must be in 0.." + (SLOTS - 1) + ", was: " + slot);
    }
    RedisNode first = nodes.get(0);
    List<?> ranges;
    try (RespClient c = new RespClient(first.host(), first.port())) {
      ranges = (List<?>) c.call("CLUSTER", "SLOTS");
    }
    for (Object r : ranges) {
      List<?> range = (List<?>) r;
      if ((Long) range.get(0) <= slot && slot <= (Long) range.get(1)) {
        List<?> master = (List<?>) range.get(2);
        return indexOf((String) master.get(0), ((Long) master.get(1)).intValue(), slot);
      }
    }
    throw new IllegalStateException("slot " + slot + " is not assigned to any node");
  }

  /** The node with this address; by port alone when the cluster announces another spelling of the host. */
  private int indexOf(String host, int port, int slot) {
    int byPort = -1;
    int portMatches = 0;
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).port() == port) {
        if (nodes.get(i).host().equals(host)) {
          return i;
        }
        byPort = i;
        portMatches++;
      }
    }
    if (portMatches == 1) {
      return byPort;
    }
    throw new IllegalStateException("slot " + slot + " is owned by " + host + ":" + port + ", which is not one of " + nodes);
  }

  /** The index in {@link #nodes()} of the master that owns {@code key} (CLUSTER KEYSLOT, then CLUSTER SLOTS). */
  public int nodeOf(String key) {
    return nodeOfSlot(slotOf(key));
  }

  /** The number of keys stored on node {@code index} (DBSIZE). */
  public long keyCount(int index) {
    RedisNode n = nodes.get(index);
    try (RespClient c = new RespClient(n.host(), n.port())) {
      return (Long) c.call("DBSIZE");
    }
  }

  /**
   * Whether {@link #stopNode} and {@link #restartNode} work: true for a cluster the testkit started,
   * false for one named by {@code STRATA_TEST_REDIS_CLUSTER_NODES}.
   */
  public boolean supportsFaultInjection() {
    return !processes.isEmpty();
  }

  private RedisProcess process(int index) {
    if (processes.isEmpty()) {
      throw new UnsupportedOperationException(
          "the cluster named by STRATA_TEST_REDIS_CLUSTER_NODES is not started or stopped by the testkit");
    }
    if (index < 0 || index >= processes.size()) {
      throw new IllegalArgumentException("index must be in 0.." + (processes.size() - 1) + ", was: " + index);
    }
    return processes.get(index);
  }

  void close() {
    processes.forEach(RedisProcess::stop);
    TempDirs.deleteQuietly(root);
  }

  @Override
  public String toString() {
    return "RedisClusterNodes" + uris();
  }
}
