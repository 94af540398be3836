package dev.strata.examples.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.strata.cache.CacheCodec;
import dev.strata.cache.CacheCodecs;
import dev.strata.cache.CacheKey;
import dev.strata.cache.TieredCache;
import dev.strata.cache.TieredCacheBuilder;
import dev.strata.venture.VentureKeys;
import dev.strata.cache.ValueType;
import dev.strata.core.StrataJdbi;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.dashboard.DashboardLoader;
import dev.strata.core.dashboard.DashboardQueries;
import dev.strata.testkit.Redis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * strata-cache measured side by side with what it wraps, in alternating blocks on the same data:
 * an L1 hit against a raw Caffeine {@code getIfPresent}, an L2 hit against a raw Lettuce GET plus the
 * same codec's decode, the codec's decode against plain Jackson with JavaTimeModule, the seed's KEYS-based venture invalidation against a group invalidation at
 * 100,000 keys ({@link InvalidationBench}), the time a write takes to reach another instance
 * ({@link PropagationBench}), and the dashboard uncached, from L1 and from Redis.
 * Redis is testkit's (embedded unless {@code STRATA_TEST_REDIS_URL} is set), on loopback.
 */
final class CacheScenario implements Scenario {

  static final int BLOCK = 50;
  private static final Duration TTL = Duration.ofMinutes(30);

  @Override
  public String name() {
    return "cache (L1/L2 overhead, invalidation at 100k keys, propagation to another instance, cached dashboard)";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    String uri = ctx.network().redisUri(Redis.shared().standalone());
    String ns = "bench:u" + ctx.users();
    DashboardLoader loader = DashboardQueries.oneRoundTrip(StrataJdbi.create(ctx.dataSource()));
    OffsetDateTime now = ctx.baseTime();
    LocalDate monthStart = now.toLocalDate().withDayOfMonth(1);
    long[] users = ctx.userSequence(ctx.iterations(2_000));

    checkJacksonRoundTrip(loader.load(users[0], monthStart, now));
    try (TieredCache twoTier = cache(uri, ns, "bench-2tier", true);
         TieredCache l2Only = cache(uri, ns, "bench-l2", false)) {
      dashboards(ctx, loader, twoTier, l2Only, users, monthStart, now);
      l1Overhead(ctx, twoTier, loader.load(users[0], monthStart, now));
      l2Overhead(ctx, uri, ns, l2Only, loader.load(users[0], monthStart, now));
      codecDecode(ctx, loader.load(users[0], monthStart, now));
    }
    new InvalidationBench(uri, ns + ":inv", ctx.quick()).run(ctx);
    new PropagationBench(uri, ns + ":prop", ctx.quick()).run(ctx);
    if (ctx.headline()) { // independent of the dataset; the outage part restarts Redis, so it runs last
      new CoherenceBench(uri, ns + ":coh", ctx.quick()).run(ctx);
    }
  }

  /** A cache with the default settings and a 200,000-entry L1, or none. */
  static TieredCache cache(String uri, String ns, String name, boolean l1) {
    TieredCacheBuilder b = TieredCache.builder().name(name).namespace(ns).redis(uri);
    return (l1 ? b.l1MaximumSize(200_000) : b.disableL1()).build();
  }

  /** Dashboard p50 uncached (one round trip to PostgreSQL), from L1, and from Redis (no L1), same users. */
  private static void dashboards(BenchContext ctx, DashboardLoader loader, TieredCache twoTier, TieredCache l2Only,
      long[] users, LocalDate monthStart, OffsetDateTime now) {
    for (long u : users) { // fills Redis and L1
      twoTier.getOrSet(dashboardKey(u), Dashboard.class, TTL, () -> loader.load(u, monthStart, now));
      l2Only.getOrSet(dashboardKey(u), Dashboard.class, TTL, () -> loader.load(u, monthStart, now));
    }
    Latencies uncached = new Latencies(users.length);
    Latencies l1 = new Latencies(users.length);
    Latencies l2 = new Latencies(users.length);
    long l2Loads = l2Only.stats().loads();
    long l1Hits = twoTier.stats().l1Hits();
    for (int from = 0; from < users.length; from += BLOCK) {
      int to = Math.min(users.length, from + BLOCK);
      for (int pass = 0; pass < 3; pass++) {
        int which = (pass + from / BLOCK) % 3; // rotate the order of the three between blocks
        for (int i = from; i < to; i++) {
          long u = users[i];
          long t0 = System.nanoTime();
          Dashboard d = switch (which) {
            case 0 -> loader.load(u, monthStart, now);
            case 1 -> twoTier.getOrSet(dashboardKey(u), Dashboard.class, TTL, () -> loader.load(u, monthStart, now));
            default -> l2Only.getOrSet(dashboardKey(u), Dashboard.class, TTL, () -> loader.load(u, monthStart, now));
          };
          (which == 0 ? uncached : which == 1 ? l1 : l2).add(System.nanoTime() - t0);
          if (d.userId() != u) {
            throw new IllegalStateException("dashboard of user " + d.userId() + " returned for user " + u);
          }
        }
      }
    }
    if (l2Only.stats().loads() != l2Loads) {
      throw new IllegalStateException("the Redis-only cache reloaded during the measurement: not pure L2 hits");
    }
    if (twoTier.stats().l1Hits() - l1Hits != users.length) {
      throw new IllegalStateException("the two-tier cache missed L1 during the measurement: not pure L1 hits");
    }
    ctx.put("dashboard.uncached.p50_us", uncached.percentileMicros(50));
    ctx.put("dashboard.cached_l1.p50_us", l1.percentileMicros(50));
    ctx.put("dashboard.cached_l2.p50_us", l2.percentileMicros(50));
    ctx.put("dashboard.cached_l2.p99_us", l2.percentileMicros(99));
    ctx.put("dashboard.cached_l2.speedup_ratio", uncached.percentileMicros(50) / l2.percentileMicros(50));
    long bytes = 0;
    for (long u : users) {
      bytes += CacheCodecs.json().encode(loader.load(u, monthStart, now), ValueType.of(Dashboard.class)).length;
    }
    ctx.put("dashboard.cached.json_avg_bytes", (double) bytes / users.length);
  }

  private static CacheKey dashboardKey(long user) {
    return CacheKey.of(VentureKeys.userGroup(user), "dashboard");
  }

  /**
   * TieredCache L1 hit ({@code getOrSet} of a present key) against {@code getIfPresent} on a raw
   * Caffeine cache of the same bound with a fixed expire-after-write (the metric), and on one with
   * per-entry expiry as TieredCache configures its L1 (to show which part of the gap is Caffeine's
   * variable expiry). Each sample times a pass over 1,000 keys; the figures are the median
   * per-operation times of the samples, the three taken in rotating order.
   */
  private static void l1Overhead(BenchContext ctx, TieredCache cache, Dashboard value) {
    int keys = 1_000;
    String[] names = new String[keys];
    Cache<String, Object> fixed = Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(TTL).build();
    Cache<String, Object> variable = Caffeine.newBuilder().maximumSize(200_000)
        .expireAfter(Expiry.creating((String k, Object v) -> TTL)).build();
    for (int i = 0; i < keys; i++) {
      names[i] = "l1:" + i;
      cache.put(names[i], value, TTL);
      fixed.put(names[i], value);
      variable.put(names[i], value);
    }
    int samples = ctx.quick() ? 1_000 : 4_000;
    int warmup = 3_000; // passes of each kind before measuring, so that all three run C2-compiled code
    double[][] perOp = new double[3][samples];
    long sink = 0;
    for (int s = -warmup; s < samples; s++) {
      for (int pass = 0; pass < 3; pass++) {
        int which = (pass + s + warmup) % 3;
        long t0 = System.nanoTime();
        sink += which == 0 ? tieredPass(cache, names, value) : rawPass(which == 1 ? fixed : variable, names);
        if (s >= 0) {
          perOp[which][s] = (System.nanoTime() - t0) / (double) keys;
        }
      }
    }
    if (sink == 42) {
      System.out.print(""); // keeps the passes' results alive
    }
    double t = median(perOp[0]);
    double c = median(perOp[1]);
    ctx.put("cache.l1_hit_ns", t);
    ctx.put("cache.caffeine_get_ns", c);
    ctx.put("cache.caffeine_variable_expiry_get_ns", median(perOp[2]));
    ctx.put("cache.l1_overhead_ratio", t / c);
  }

  private static long tieredPass(TieredCache cache, String[] names, Dashboard value) {
    long sink = 0;
    for (String k : names) {
      sink += cache.getOrSet(k, Dashboard.class, TTL, () -> value).userId();
    }
    return sink;
  }

  private static long rawPass(Cache<String, Object> raw, String[] names) {
    long sink = 0;
    for (String k : names) {
      sink += ((Dashboard) raw.getIfPresent(k)).userId();
    }
    return sink;
  }

  /**
   * TieredCache L2 hit (no L1) against a raw Lettuce GET of the same JSON plus the cache's codec's
   * decode, for ungrouped keys (GET) and grouped keys (one EVALSHA that also reads the
   * group's generation). Single operations, alternating blocks of {@value #BLOCK}.
   */
  private static void l2Overhead(BenchContext ctx, String uri, String ns, TieredCache cache, Dashboard value)
      throws IOException {
    int keys = 100;
    CacheCodec codec = CacheCodecs.json();
    ValueType<Dashboard> type = ValueType.of(Dashboard.class);
    byte[] json = codec.encode(value, type);
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, byte[]> conn = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
      RedisCommands<String, byte[]> redis = conn.sync();
      for (int i = 0; i < keys; i++) {
        redis.set(ns + ":raw:" + i, json, SetArgs.Builder.ex(TTL));
        cache.put("l2:" + i, value, TTL);
        cache.put(CacheKey.of("g" + i, "l2"), value, TTL);
      }
      int n = ctx.quick() ? 3_000 : 15_000;
      Latencies tiered = new Latencies(n);
      Latencies grouped = new Latencies(n);
      Latencies rawLat = new Latencies(n);
      for (int round = 0; round < 2; round++) { // round 0 warms up
        for (int from = 0; from < n; from += BLOCK) {
          for (int pass = 0; pass < 3; pass++) {
            int which = (pass + from / BLOCK) % 3;
            for (int i = from; i < from + BLOCK; i++) {
              int k = i % keys;
              long t0 = System.nanoTime();
              Dashboard d = switch (which) {
                case 0 -> codec.decode(redis.get(ns + ":raw:" + k), type);
                case 1 -> cache.getOrSet("l2:" + k, Dashboard.class, TTL, () -> value);
                default -> cache.getOrSet(CacheKey.of("g" + k, "l2"), Dashboard.class, TTL, () -> value);
              };
              long took = System.nanoTime() - t0;
              if (round == 1) {
                (which == 0 ? rawLat : which == 1 ? tiered : grouped).add(took);
              }
              if (d.userId() != value.userId()) {
                throw new IllegalStateException("wrong value decoded");
              }
            }
          }
        }
      }
      double r = rawLat.percentileMicros(50);
      ctx.put("cache.l2_hit.p50_us", tiered.percentileMicros(50));
      ctx.put("cache.l2_grouped_hit.p50_us", grouped.percentileMicros(50));
      ctx.put("cache.raw_get_decode.p50_us", r);
      ctx.put("cache.l2_overhead_ratio", tiered.percentileMicros(50) / r);
      ctx.put("cache.l2_grouped_overhead_ratio", grouped.percentileMicros(50) / r);
    } finally {
      client.shutdown();
    }
  }

  /**
   * Decoding the same dashboard JSON with the cache's codec against plain Jackson with JavaTimeModule
   * and the codec's settings (what the codec was before it read OffsetDateTime text by hand), no I/O,
   * alternating blocks of {@value #BLOCK}.
   */
  private static void codecDecode(BenchContext ctx, Dashboard value) throws IOException {
    CacheCodec codec = CacheCodecs.json();
    ValueType<Dashboard> type = ValueType.of(Dashboard.class);
    ObjectReader reader = mapper().readerFor(Dashboard.class);
    byte[] json = codec.encode(value, type);
    if (!Arrays.equals(json, mapper().writeValueAsBytes(value))) {
      throw new IllegalStateException("the codec and plain Jackson encode the dashboard differently");
    }
    int n = ctx.quick() ? 3_000 : 15_000;
    Latencies fast = new Latencies(n);
    Latencies plain = new Latencies(n);
    for (int round = 0; round < 2; round++) { // round 0 warms up
      for (int from = 0; from < n; from += BLOCK) {
        for (int pass = 0; pass < 2; pass++) {
          boolean useCodec = (pass + from / BLOCK) % 2 == 0;
          for (int i = from; i < from + BLOCK; i++) {
            long t0 = System.nanoTime();
            Dashboard d = useCodec ? codec.decode(json, type) : reader.readValue(json);
            long took = System.nanoTime() - t0;
            if (round == 1) {
              (useCodec ? fast : plain).add(took);
            }
            if (d.userId() != value.userId()) {
              throw new IllegalStateException("wrong value decoded");
            }
          }
        }
      }
    }
    ctx.put("cache.codec_decode.p50_us", fast.percentileMicros(50));
    ctx.put("cache.jackson_decode.p50_us", plain.percentileMicros(50));
    ctx.put("cache.codec_decode_speedup_ratio", plain.percentileMicros(50) / fast.percentileMicros(50));
  }

  /** Jackson as the cache's default codec configured it before its hand-written OffsetDateTime text. */
  private static ObjectMapper mapper() {
    return new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** Fails the run if a Dashboard does not survive the cache's codec unchanged. */
  static void checkJacksonRoundTrip(Dashboard d) {
    CacheCodec json = CacheCodecs.json();
    Dashboard back = json.decode(json.encode(d, ValueType.of(Dashboard.class)), ValueType.of(Dashboard.class));
    if (!back.equals(d)) {
      throw new IllegalStateException("Dashboard does not round-trip through JSON:\n" + d + "\n" + back);
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
