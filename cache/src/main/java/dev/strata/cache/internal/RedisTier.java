package dev.strata.cache.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
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
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  /**
   * Lua: the group's current generation (KEYS[1]; '0' when none), raised first to {@code floor} — the
   * highest generation the calling instance knows — when Redis is below it. Redis falls behind an
   * instance when it lost the key (a restart, a failover, an eviction) or when the instance counted up
   * by itself while its invalidations were queued; a value stored under the lower generation may predate
   * an invalidation that instance knows of, so it must not be read, nor a write land there. Raising the
   * key makes such values unreachable, as an invalidation would (without a message: the instance that
   * made the generation announced it, or will with its replay). Generations (about 1.8e15) and the
   * floor are exact in Lua's doubles; -1 (no L1) and 0 raise nothing.
   */
  private static final String CURRENT_GENERATION = """
      local function current(floor)
        local g = redis.call('GET', KEYS[1]) or '0'
        if tonumber(floor) > tonumber(g) then
          redis.call('SET', KEYS[1], floor)
          return floor
        end
        return g
      end
      """;
  /** Reads the group's generation (at least ARGV[3]) and the value stored under it in one round trip. */
  private static final Script GET_GROUPED = new Script(CURRENT_GENERATION + """
      local g = current(ARGV[3])
      return {g, redis.call('GET', ARGV[1] .. g .. ARGV[2])}""");
  /**
   * {@link #GET_GROUPED} plus the group's fence (KEYS[2]; '' when none): the fence a load must honour,
   * read atomically with the generation it will store under.
   */
  private static final Script GET_GROUPED_FENCED = new Script(CURRENT_GENERATION + """
      local g = current(ARGV[3])
      local f = redis.call('GET', KEYS[2]) or ''
      return {g, f, redis.call('GET', ARGV[1] .. g .. ARGV[2])}""");
  /** Writes a value and announces it (ARGV[3] = channel, '' for none): a write and its message in one round trip. */
  private static final Script PUT = new Script("""
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
      return 1""");
  /** Writes a value under the group's current generation (at least ARGV[7]) and announces it; returns it. */
  private static final Script PUT_GROUPED = new Script(CURRENT_GENERATION + """
      local g = current(ARGV[7])
      redis.call('SET', ARGV[1] .. g .. ARGV[2], ARGV[3], 'PX', ARGV[4])
      if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], ARGV[6]) end
      return g""");
  /** Deletes a key and announces it (ARGV[1] = channel, '' for none). */
  private static final Script INVALIDATE_KEY = new Script("""
      local n = redis.call('UNLINK', KEYS[1])
      if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
      return n""");
  /** Deletes a key under the group's current generation (at least ARGV[5]) and announces it. */
  private static final Script INVALIDATE_GROUPED_KEY = new Script(CURRENT_GENERATION + """
      local g = current(ARGV[5])
      local n = redis.call('UNLINK', ARGV[1] .. g .. ARGV[2])
      if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
      return n""");
  /**
   * Lua that bumps the group's generation (KEYS[1]) into {@code g}. A generation key that does not
   * exist starts from the server's clock in microseconds (about 1.8e15, exact in a Lua double up to
   * 2^53), not from 0: if Redis lost the key (a node restarted empty, a failover to a replica that
   * missed it, an eviction) while instances stayed subscribed, counting again from 1 would put the
   * group below the generation their L1 entries were filled under, and no instance would drop them.
   * Formatted with {@code %d}: Lua's default number format would print 1.8e15 as {@code 1.8e+15}.
   * Before the {@code INCR}, the key is raised to the floor ARGV[{@code floorArg}], the highest
   * generation the invalidating instance knows (see {@link #CURRENT_GENERATION}): the new generation
   * is always above it, so the instance never has to count past Redis by itself and stay ahead of it.
   */
  private static String bumpGeneration(int floorArg) {
    return """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          local t = redis.call('TIME')
          redis.call('SET', KEYS[1], t[1] .. string.sub('00000' .. t[2], -6))
        end
        if tonumber(ARGV[%d]) > tonumber(redis.call('GET', KEYS[1])) then redis.call('SET', KEYS[1], ARGV[%d]) end
        local g = redis.call('INCR', KEYS[1])
        local gs = string.format('%%d', g)
        """.formatted(floorArg, floorArg);
  }
  /** Bumps the group's generation (past ARGV[3]) and announces the new one (message = ARGV[2] .. generation). */
  private static final Script INVALIDATE_GROUP = new Script(bumpGeneration(3) + """
      if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2] .. gs) end
      return g""");

  /**
   * Bumps the generation and raises the group's fence (KEYS[2]) to ARGV[3] if that is higher, in one
   * script, and announces both (message = ARGV[2] .. generation .. '|' .. fence). Fences are 16 hex
   * digits compared as two 32-bit halves, which Lua numbers (doubles) hold exactly. ARGV[4] is the floor
   * of {@link #bumpGeneration}. Returns {g, fence}.
   */
  private static final Script INVALIDATE_GROUP_FENCED = new Script(bumpGeneration(4) + """
      local f = redis.call('GET', KEYS[2])
      local function above(a, b)
        local ah, bh = tonumber(string.sub(a, 1, 8), 16), tonumber(string.sub(b, 1, 8), 16)
        if ah ~= bh then return ah > bh end
        return tonumber(string.sub(a, 9, 16), 16) > tonumber(string.sub(b, 9, 16), 16)
      end
      if not f or string.len(f) ~= 16 or above(ARGV[3], f) then
        redis.call('SET', KEYS[2], ARGV[3])
        f = ARGV[3]
      end
      if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2] .. gs .. '|' .. f) end
      return {g, f}""");

  /**
   * Takes a recompute lease if it is free and returns, with it, the value it guards as it is now
   * ({1, value-or-nil}; {0} when taken by someone else): the caller sees a recomputation that landed
   * between its read and the lease, which separate commands would hide.
   */
  private static final Script TAKE_LEASE = new Script("""
      if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1, redis.call('GET', KEYS[2])} end
      return {0}""");
  /** Deletes a recompute lease if it still holds this instance's token. */
  private static final Script RELEASE_LEASE = new Script("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0""");

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
          commands = standalone.sync();
          conn = standalone;
        } else {
          StatefulRedisClusterConnection<String, byte[]> clustered = ((RedisClusterClient) client).connect(CODEC);
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
    return call("UNLINK", c -> eval(c, INVALIDATE_KEY, ScriptOutputType.INTEGER, key, bytes(channel), bytes(message)));
  }

  /** Deletes a grouped key under the current generation and publishes, in one round trip. */
  void invalidateGroupedKey(String genKey, String prefix, String suffix, String channel, String message, long floor) {
    call("UNLINK grouped", c -> eval(c, INVALIDATE_GROUPED_KEY, ScriptOutputType.INTEGER, genKey, bytes(prefix),
        bytes(suffix), bytes(channel), bytes(message), floor(floor)));
  }

  /** INCR of the generation and a message {@code messagePrefix + generation}, in one round trip; returns it. */
  long invalidateGroup(String genKey, String channel, String messagePrefix, long floor) {
    return call("INCR", c -> eval(c, INVALIDATE_GROUP, ScriptOutputType.INTEGER, genKey, bytes(channel),
        bytes(messagePrefix), floor(floor)));
  }

  /** INCR of the generation and the fence raised to at least {@code fence}, announced, in one round trip. */
  FencedBump invalidateGroupFenced(String genKey, String fenceKey, long fence, String channel, String messagePrefix,
      long floor) {
    List<Object> r = call("INCR fenced", c -> eval(c, INVALIDATE_GROUP_FENCED, ScriptOutputType.MULTI,
        new String[] {genKey, fenceKey}, bytes(channel), bytes(messagePrefix), bytes(Fences.hex(fence)), floor(floor)));
    return new FencedBump((Long) r.get(0), Fences.parse(new String((byte[]) r.get(1), StandardCharsets.US_ASCII)));
  }

  /** A group's new generation and the fence it now holds. */
  record FencedBump(long generation, long fence) {}

  /** [generation, fence, value-or-null] of a grouped key (fence 0: none recorded). */
  Grouped getGroupedFenced(String genKey, String fenceKey, String prefix, String suffix, long floor) {
    List<Object> r = call("GET grouped fenced", c -> eval(c, GET_GROUPED_FENCED, ScriptOutputType.MULTI,
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
    List<Object> r = call("GET grouped", c -> eval(c, GET_GROUPED, ScriptOutputType.MULTI, genKey,
        bytes(prefix), bytes(suffix), floor(floor)));
    return new Grouped(parseLong((byte[]) r.get(0)), r.size() > 1 ? (byte[]) r.get(1) : null, 0);
  }

  /** What a grouped read found; {@code fence} is 0 unless read by {@link #getGroupedFenced}. */
  record Grouped(long generation, byte[] value, long fence) {}

  /** Writes {@code key} and publishes {@code message} on {@code channel} ("" for none), in one round trip. */
  void put(String key, byte[] value, long ttlMs, String channel, String message) {
    call("SET", c -> eval(c, PUT, ScriptOutputType.INTEGER, key, value, bytes(Long.toString(ttlMs)), bytes(channel),
        bytes(message)));
  }

  /** Writes under the current generation and publishes, in one round trip; returns the generation. */
  long putGrouped(String genKey, String prefix, String suffix, byte[] value, long ttlMs, String channel,
      String message, long floor) {
    byte[] g = call("SET grouped", c -> eval(c, PUT_GROUPED, ScriptOutputType.VALUE, genKey, bytes(prefix),
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
    List<Object> r = call("SET NX lease", c -> eval(c, TAKE_LEASE, ScriptOutputType.MULTI,
        new String[] {leaseKey, valueKey}, token, bytes(Long.toString(ttlMs))));
    boolean taken = ((Long) r.get(0)) == 1L;
    return new Lease(taken, taken && r.size() > 1 ? (byte[]) r.get(1) : null);
  }

  /** Deletes {@code key} if it holds {@code token}, in one round trip. */
  void releaseLease(String key, byte[] token) {
    call("DEL lease", c -> eval(c, RELEASE_LEASE, ScriptOutputType.INTEGER, key, token));
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

  private static <T> T eval(RedisClusterCommands<String, byte[]> c, Script s, ScriptOutputType type, String key,
      byte[]... args) {
    return eval(c, s, type, new String[] {key}, args);
  }

  private static <T> T eval(RedisClusterCommands<String, byte[]> c, Script s, ScriptOutputType type, String[] keys,
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

  private static final class Script {
    final String source;
    final String sha;

    Script(String source) {
      this.source = source;
      this.sha = sha1(source);
    }

    private static String sha1(String s) {
      try {
        byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(bytes(s));
        StringBuilder sb = new StringBuilder();
        for (byte b : d) {
          sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 unavailable", e);
      }
    }
  }

}
