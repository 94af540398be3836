package dev.strata.cache.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis access for one cache: one thread-safe Lettuce connection (standalone or cluster) opened
 * lazily, every call bounded by the command timeout and guarded by the circuit breaker. Failures
 * surface as {@link Unavailable}, which callers turn into a miss or a skipped write.
 */
final class RedisTier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisTier.class);
  /** Longest wait between two reconnection attempts. */
  static final long RECONNECT_CAP_MS = 250;
  static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  /** Redis could not be used for this call (failure, timeout, or open circuit). */
  static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /** What a failed call reports. */
  interface Errors {
    void failed(String operation, RuntimeException e);
  }

  private final String name;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final boolean cluster;
  private final Duration timeout;
  private final CircuitBreaker breaker;
  private final Errors errors;
  private volatile StatefulConnection<String, byte[]> connection;
  private volatile RedisClusterCommands<String, byte[]> commands;
  /** The same connection's asynchronous commands (pipelined calls); set with {@link #commands}. */
  private volatile RedisClusterAsyncCommands<String, byte[]> async;
  private final RedisSecurity security;
  /** When refused credentials were last logged at WARN (nanoTime), so a refusing server logs once a minute. */
  private volatile long authWarnedAt = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);

  RedisTier(CacheSettings s, CircuitBreaker breaker, Errors errors) {
    this.name = s.name();
    this.timeout = s.commandTimeout();
    this.breaker = breaker;
    this.errors = errors;
    this.security = s.redisSecurity();
    SocketOptions socket = SocketOptions.builder()
        .connectTimeout(timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout).build();
    // reconnect quickly after an outage (Lettuce's default backs off to 30 s): the subscription's
    // reconnection ends the time L1 runs unsubscribed, so the cap bounds how long after Redis is back
    // that lasts; a refused attempt every 250 ms during an outage costs nothing
    this.resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(RECONNECT_CAP_MS), 2,
            TimeUnit.MILLISECONDS))
        .build();
    ClientOptions options = security.apply(ClientOptions.builder())
        .autoReconnect(true)
        // fail at once while disconnected instead of queueing until the timeout
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .socketOptions(socket)
        .build();
    if (s.redisUri() != null) {
      RedisClient c = RedisClient.create(resources, uri(s.redisUri()));
      c.setOptions(options);
      this.client = c;
      this.cluster = false;
    } else {
      RedisClusterClient c = RedisClusterClient.create(resources, s.clusterUris().stream().map(this::uri).toList());
      // node connections open lazily and would reject their first commands while connecting; queued
      // commands are still bounded by the command timeout
      c.setOptions(ClusterClientOptions.builder(options)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS).build());
      this.client = c;
      this.cluster = true;
    }
  }

  private RedisURI uri(String u) {
    RedisURI uri = security.apply(RedisURI.create(u));
    uri.setTimeout(timeout);
    return uri;
  }

  boolean cluster() {
    return cluster;
  }

  /** Opens a pub/sub connection (the caller owns it). */
  StatefulRedisPubSubConnection<String, String> connectPubSub() {
    return client instanceof RedisClient c ? c.connectPubSub(StringCodec.UTF8)
        : ((RedisClusterClient) client).connectPubSub(StringCodec.UTF8);
  }

  private RedisClusterCommands<String, byte[]> commands() {
    RedisClusterCommands<String, byte[]> c = commands;
    if (c != null) {
      return c;
    }
    synchronized (this) {
      if (commands == null) {
        StatefulConnection<String, byte[]> conn;
        if (client instanceof RedisClient rc) {
          var standalone = rc.connect(CODEC);
          async = standalone.async();
          commands = standalone.sync();
          conn = standalone;
        } else {
          StatefulRedisClusterConnection<String, byte[]> clustered = ((RedisClusterClient) client).connect(CODEC);
          async = clustered.async();
          commands = clustered.sync();
          conn = clustered;
        }
        conn.setTimeout(timeout);
        connection = conn;
        log.info("[{}] connected to Redis{}", name, cluster ? " Cluster" : "");
      }
      return commands;
    }
  }

  /** Runs one Redis call under the breaker; failures are recorded and rethrown as {@link Unavailable}. */
  private <T> T call(String operation, java.util.function.Function<RedisClusterCommands<String, byte[]>, T> f) {
    if (!breaker.allow()) {
      throw new Unavailable("circuit open", null);
    }
    try {
      T result = f.apply(commands());
      breaker.success();
      return result;
    } catch (RuntimeException e) {
      breaker.failure();
      log.debug("[{}] Redis {} failed: {}", name, operation, e.toString());
      warnIfRefused(e);
      errors.failed(operation, e);
      throw new Unavailable(operation + " failed: " + e, e);
    }
  }

  /** A server that refuses the credentials looks like an outage (fail-open); say why, at most once a minute. */
  private void warnIfRefused(RuntimeException e) {
    long now = System.nanoTime();
    long last = authWarnedAt;
    if (now - last >= TimeUnit.MINUTES.toNanos(1) && RedisSecurity.isAuthFailure(e)) {
      authWarnedAt = now;
      log.warn("[{}] Redis refuses this cache's credentials or permissions ({}); treating Redis as unavailable "
          + "(fail-open)", name, RedisSecurity.authReply(e));
    }
  }

  byte[] get(String key) {
    return call("GET", c -> c.get(key));
  }

  void set(String key, byte[] value, long ttlMs) {
    call("SET", c -> c.set(key, value, SetArgs.Builder.px(ttlMs)));
  }

  /** Deletes {@code key} and publishes {@code message} on {@code channel} ("" for none), in one round trip. */
  long invalidateKey(String key, String channel, String message) {
    return call("UNLINK", c -> eval(c, RedisScripts.INVALIDATE_KEY, ScriptOutputType.INTEGER, key, bytes(channel), bytes(message)));
  }

  /** Deletes a grouped key under the current generation and publishes, in one round trip. */
  void invalidateGroupedKey(String genKey, String prefix, String suffix, String channel, String message, long floor) {
    call("UNLINK grouped", c -> eval(c, RedisScripts.INVALIDATE_GROUPED_KEY, ScriptOutputType.INTEGER, genKey, bytes(prefix),
        bytes(suffix), bytes(channel), bytes(message), floor(floor)));
  }

  /** INCR of the generation and a message {@code messagePrefix + generation}, in one round trip; returns it. */
  long invalidateGroup(String genKey, String channel, String messagePrefix, long floor) {
    return call("INCR", c -> eval(c, RedisScripts.INVALIDATE_GROUP, ScriptOutputType.INTEGER, genKey, bytes(channel),
        bytes(messagePrefix), floor(floor)));
  }

  /** INCR of the generation and the fence raised to at least {@code fence}, announced, in one round trip. */
  FencedBump invalidateGroupFenced(String genKey, String fenceKey, long fence, String channel, String messagePrefix,
      long floor) {
    List<Object> r = call("INCR fenced", c -> eval(c, RedisScripts.INVALIDATE_GROUP_FENCED, ScriptOutputType.MULTI,
        new String[] {genKey, fenceKey}, bytes(channel), bytes(messagePrefix), bytes(Fences.hex(fence)), floor(floor)));
    return new FencedBump((Long) r.get(0), Fences.parse(new String((byte[]) r.get(1), StandardCharsets.US_ASCII)));
  }

  /** One group's read for {@link #readGroups}: its generation key, its keys' prefix and suffixes, the floor. */
  record GroupReadCall(String genKey, String prefix, List<String> suffixes, long floor) {}

  /**
   * The generation of each group and the values of its keys under it (null: none): one script per
   * group, all sent before any reply is awaited (one round trip, per node in a cluster).
   */
  List<GroupRead> readGroups(List<GroupReadCall> groups) {
    List<ScriptCall> calls = new ArrayList<>(groups.size());
    for (GroupReadCall g : groups) {
      byte[][] args = new byte[g.suffixes().size() + 2][];
      args[0] = bytes(g.prefix());
      args[1] = floor(g.floor());
      for (int i = 0; i < g.suffixes().size(); i++) {
        args[i + 2] = bytes(g.suffixes().get(i));
      }
      calls.add(new ScriptCall(RedisScripts.READ_GROUP, new String[] {g.genKey()}, args));
    }
    List<List<Object>> replies = evalPipelined("GET groups", calls);
    List<GroupRead> out = new ArrayList<>(groups.size());
    for (int g = 0; g < groups.size(); g++) {
      List<Object> r = replies.get(g);
      byte[][] values = new byte[groups.get(g).suffixes().size()][];
      for (int i = 0; i < values.length && i + 1 < r.size(); i++) {
        values[i] = (byte[]) r.get(i + 1);
      }
      out.add(new GroupRead(parseLong((byte[]) r.get(0)), values));
    }
    return out;
  }

  /** What {@link #readGroups} found for one group. */
  record GroupRead(long generation, byte[][] values) {}

  /**
   * One listed key of {@link #updateGroups}: its suffix, the SHA-1 (hex) of the value read ("" when
   * none), the value to write under the new generation (null: none) and its TTL.
   */
  record KeyWrite(String suffix, String readSha1, byte[] value, long ttlMs) {}

  /** One group's write-through script call (see {@link RedisScripts#UPDATE_GROUP}). */
  record GroupUpdateCall(String genKey, String fenceKey, String prefix, long readGeneration, List<KeyWrite> writes,
      long fence, String channel, String messagePrefix, long floor) {}

  /**
   * The write-through scripts, pipelined like {@link #readGroups}: each group's writes land under its
   * new generation only if it is still at its {@code readGeneration} and each key holds what was
   * read; every generation moves and every fence is raised either way, announced.
   */
  List<GroupUpdated> updateGroups(List<GroupUpdateCall> groups) {
    List<ScriptCall> calls = new ArrayList<>(groups.size());
    for (GroupUpdateCall g : groups) {
      byte[][] args = new byte[6 + 4 * g.writes().size()][];
      args[0] = bytes(g.channel());
      args[1] = bytes(g.messagePrefix());
      args[2] = bytes(g.fence() == 0 ? "" : Fences.hex(g.fence()));
      args[3] = floor(g.floor());
      args[4] = bytes(Long.toString(g.readGeneration()));
      args[5] = bytes(g.prefix());
      for (int i = 0; i < g.writes().size(); i++) {
        KeyWrite w = g.writes().get(i);
        args[6 + 4 * i] = bytes(w.suffix());
        args[7 + 4 * i] = bytes(w.readSha1());
        args[8 + 4 * i] = w.value() == null ? new byte[0] : w.value();
        args[9 + 4 * i] = bytes(Long.toString(Math.max(1, w.ttlMs())));
      }
      calls.add(new ScriptCall(RedisScripts.UPDATE_GROUP, new String[] {g.genKey(), g.fenceKey()}, args));
    }
    List<List<Object>> replies = evalPipelined("EVAL update groups", calls);
    List<GroupUpdated> out = new ArrayList<>(groups.size());
    for (List<Object> r : replies) {
      out.add(new GroupUpdated((Long) r.get(0) == 1L, (Long) r.get(1),
          Fences.parse(new String((byte[]) r.get(2), StandardCharsets.US_ASCII))));
    }
    return out;
  }

  /** What {@link #updateGroups} did to one group: whether the values were written, its new generation, its fence. */
  record GroupUpdated(boolean written, long generation, long fence) {}

  /** A script to run with its keys and arguments. */
  record ScriptCall(RedisScripts.Script script, String[] keys, byte[][] args) {}

  /**
   * Runs the scripts (MULTI replies) pipelined: every call is sent before the first reply is awaited,
   * so they cost one round trip together (one per node in a cluster). A script the server does not
   * know yet is sent again with EVAL.
   */
  private List<List<Object>> evalPipelined(String operation, List<ScriptCall> calls) {
    return call(operation, c -> {
      List<RedisFuture<List<Object>>> sent = new ArrayList<>(calls.size());
      for (ScriptCall s : calls) {
        sent.add(async.evalsha(s.script().sha, ScriptOutputType.MULTI, s.keys(), s.args()));
      }
      List<List<Object>> replies = new ArrayList<>(calls.size());
      for (int i = 0; i < calls.size(); i++) {
        ScriptCall s = calls.get(i);
        try {
          replies.add(sent.get(i).get(2 * timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof RedisNoScriptException)) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
          }
          replies.add(c.eval(s.script().source, ScriptOutputType.MULTI, s.keys(), s.args()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for Redis", e);
        } catch (TimeoutException e) {
          throw new IllegalStateException("no reply from Redis within " + 2 * timeout.toMillis() + " ms", e);
        }
      }
      return replies;
    });
  }

  /** A group's new generation and the fence it now holds. */
  record FencedBump(long generation, long fence) {}

  /** [generation, fence, value-or-null] of a grouped key (fence 0: none recorded). */
  Grouped getGroupedFenced(String genKey, String fenceKey, String prefix, String suffix, long floor) {
    List<Object> r = call("GET grouped fenced", c -> eval(c, RedisScripts.GET_GROUPED_FENCED, ScriptOutputType.MULTI,
        new String[] {genKey, fenceKey}, bytes(prefix), bytes(suffix), floor(floor)));
    return new Grouped(parseLong((byte[]) r.get(0)), r.size() > 2 ? (byte[]) r.get(2) : null,
        Fences.parse(new String((byte[]) r.get(1), StandardCharsets.US_ASCII)));
  }

  /** A group's current generation (0 when never invalidated). */
  long generation(String genKey) {
    byte[] g = call("GET generation", c -> c.get(genKey));
    return g == null ? 0 : parseLong(g);
  }

  /** [generation, value-or-null] of a grouped key. */
  Grouped getGrouped(String genKey, String prefix, String suffix, long floor) {
    List<Object> r = call("GET grouped", c -> eval(c, RedisScripts.GET_GROUPED, ScriptOutputType.MULTI, genKey,
        bytes(prefix), bytes(suffix), floor(floor)));
    return new Grouped(parseLong((byte[]) r.get(0)), r.size() > 1 ? (byte[]) r.get(1) : null, 0);
  }

  /** What a grouped read found; {@code fence} is 0 unless read by {@link #getGroupedFenced}. */
  record Grouped(long generation, byte[] value, long fence) {}

  /** Writes {@code key} and publishes {@code message} on {@code channel} ("" for none), in one round trip. */
  void put(String key, byte[] value, long ttlMs, String channel, String message) {
    call("SET", c -> eval(c, RedisScripts.PUT, ScriptOutputType.INTEGER, key, value, bytes(Long.toString(ttlMs)), bytes(channel),
        bytes(message)));
  }

  /** Writes under the current generation and publishes, in one round trip; returns the generation. */
  long putGrouped(String genKey, String prefix, String suffix, byte[] value, long ttlMs, String channel,
      String message, long floor) {
    byte[] g = call("SET grouped", c -> eval(c, RedisScripts.PUT_GROUPED, ScriptOutputType.VALUE, genKey, bytes(prefix),
        bytes(suffix), value, bytes(Long.toString(ttlMs)), bytes(channel), bytes(message), floor(floor)));
    return parseLong(g);
  }

  /** SCAN MATCH + UNLINK in batches (every master in a cluster); returns the number of keys deleted. */
  long scanUnlink(String match, int batch) {
    return call("SCAN+UNLINK", c -> {
      long deleted = 0;
      ScanArgs args = ScanArgs.Builder.matches(match).limit(batch);
      KeyScanCursor<String> cursor = c.scan(args);
      while (true) {
        List<String> keys = cursor.getKeys();
        if (!keys.isEmpty()) {
          deleted += c.unlink(keys.toArray(String[]::new));
        }
        if (cursor.isFinished()) {
          return deleted;
        }
        cursor = c.scan(cursor, args);
      }
    });
  }

  void publish(String channel, String message) {
    call("PUBLISH", c -> c.publish(channel, bytes(message)));
  }

  /** What taking a lease found: whether it was taken, and the guarded value's bytes then (null: absent). */
  record Lease(boolean taken, byte[] value) {}

  /** Takes {@code leaseKey} ({@code SET NX PX}) and reads {@code valueKey} in one round trip (same slot). */
  Lease takeLease(String leaseKey, String valueKey, byte[] token, long ttlMs) {
    List<Object> r = call("SET NX lease", c -> eval(c, RedisScripts.TAKE_LEASE, ScriptOutputType.MULTI,
        new String[] {leaseKey, valueKey}, token, bytes(Long.toString(ttlMs))));
    boolean taken = ((Long) r.get(0)) == 1L;
    return new Lease(taken, taken && r.size() > 1 ? (byte[]) r.get(1) : null);
  }

  /** Deletes {@code key} if it holds {@code token}, in one round trip. */
  void releaseLease(String key, byte[] token) {
    call("DEL lease", c -> eval(c, RedisScripts.RELEASE_LEASE, ScriptOutputType.INTEGER, key, token));
  }

  /** A cheap round trip, used to probe Redis after an outage. */
  void ping() {
    call("PING", RedisClusterCommands::ping);
  }

  /**
   * A PING that the breaker does not hold back (nor count when it fails): true when Redis answered,
   * which also closes the breaker.
   */
  boolean probe() {
    try {
      commands().ping();
    } catch (RuntimeException e) {
      return false;
    }
    breaker.success();
    return true;
  }

  private static <T> T eval(RedisClusterCommands<String, byte[]> c, RedisScripts.Script s, ScriptOutputType type, String key,
      byte[]... args) {
    return eval(c, s, type, new String[] {key}, args);
  }

  private static <T> T eval(RedisClusterCommands<String, byte[]> c, RedisScripts.Script s, ScriptOutputType type, String[] keys,
      byte[]... args) {
    try {
      return c.evalsha(s.sha, type, keys, args);
    } catch (RedisNoScriptException e) {
      // first use, or the server restarted / a new cluster node: EVAL caches the script again
      return c.eval(s.source, type, keys, args);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The floor argument of the generation scripts: the highest generation the caller knows (≤ 0: none). */
  private static byte[] floor(long generation) {
    return bytes(Long.toString(Math.max(0, generation)));
  }

  private static long parseLong(byte[] b) {
    return Long.parseLong(new String(b, StandardCharsets.US_ASCII));
  }

  @Override
  public void close() {
    StatefulConnection<String, byte[]> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }


}
