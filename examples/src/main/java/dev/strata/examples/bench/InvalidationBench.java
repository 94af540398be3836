package dev.strata.examples.bench;

import dev.strata.cache.TieredCache;
import dev.strata.venture.VentureKeys;
import dev.strata.examples.bench.workload.SeedCacheService;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A venture changed: the seed's {@code invalidateVentureData} (KEYS {@code venture:V:*}, KEYS
 * {@code user:*:ventures}, KEYS {@code venture:V:context}, DEL of what they found) against
 * {@link VentureKeys#invalidateVenture} (INCR of the venture's generation, of its finance group's and of its owner's, each with its message,
 * to the other instances), each over a keyspace of {@value #KEYS} keys laid out by the
 * seed's scheme: {@value #VENTURES} ventures with four keys each, one venture list per user.
 *
 * <p>The seed's keys (prefixed {@code seedbench:}) live in Redis database 1 and Strata's in database 0,
 * so on testkit's server each KEYS walks exactly {@value #KEYS} keys. The seed's invalidation deletes every user's list; they are written back
 * (untimed) before the next measurement so that every run invalidates the same keyspace.
 */
final class InvalidationBench {

  static final int KEYS = 100_000;
  static final int VENTURES = 20_000;
  private static final Duration TTL = Duration.ofMinutes(30);
  /** Keeps the seed's keys apart from anything else a server named by STRATA_TEST_REDIS_URL may hold. */
  private static final String PREFIX = "seedbench:";
  private static final String[] VENTURE_KEYS = {"context", "stats:2026-11-01", "recent:drafts", "recent:posts"};

  private final String uri;
  private final String ns;
  private final boolean quick;

  InvalidationBench(String uri, String ns, boolean quick) {
    this.uri = uri;
    this.ns = ns;
    this.quick = quick;
  }

  void run(BenchContext ctx) throws Exception {
    int runs = quick ? 10 : 30;
    Latencies seed = new Latencies(runs);
    Latencies strata = new Latencies(runs);
    RedisClient client = RedisClient.create(uri + "/1");
    try (StatefulRedisConnection<String, String> conn = client.connect();
         TieredCache cache = CacheScenario.cache(uri, ns, "bench-inv", true)) {
      RedisCommands<String, String> db1 = conn.sync();
      fillSeed(conn.async(), 1, VENTURES);
      fillStrata(cache);
      long size = db1.dbsize();
      if (size < KEYS) {
        throw new IllegalStateException("seed keyspace has " + size + " keys, expected at least " + KEYS);
      }
      if (size > KEYS) {
        ctx.note("cache.seed_keys", "Redis database 1 held " + (size - KEYS) + " other keys: each KEYS walked " + size);
      }
      for (int r = -2; r < runs; r++) { // two warm-up runs
        long venture = 1 + (r + 2) * 397L % VENTURES;
        long owner = venture; // the scheme gives user u venture u
        for (int pass = 0; pass < 2; pass++) {
          boolean seedFirst = (r & 1) == 0;
          long t0 = System.nanoTime();
          if (seedFirst == (pass == 0)) {
            seedInvalidateVentureData(db1, venture);
            long took = System.nanoTime() - t0;
            if (r >= 0) {
              seed.add(took);
            }
            fillSeed(conn.async(), venture, 1); // untimed: put back what the seed deleted
          } else {
            VentureKeys.invalidateVenture(cache, venture, owner, 0);
            if (r >= 0) {
              strata.add(System.nanoTime() - t0);
            }
          }
        }
      }
      deleteSeedKeys(db1);
    } finally {
      client.shutdown();
    }
    ctx.put("cache.seed_keys_invalidate_us", seed.percentileMicros(50));
    ctx.put("cache.group_invalidate_us", strata.percentileMicros(50));
    ctx.put("cache.invalidate_speedup_ratio", seed.percentileMicros(50) / strata.percentileMicros(50));
  }

  /** The seed's {@code invalidateVentureData}, as written (KEYS included, on purpose: it is the baseline). */
  private static void seedInvalidateVentureData(RedisCommands<String, String> redis, long ventureId) {
    SeedCacheService.invalidateVentureData(redis, PREFIX, ventureId);
  }

  /** Removes the seed's keys with SCAN + UNLINK (the database may not be ours alone: no FLUSHDB). */
  private static void deleteSeedKeys(RedisCommands<String, String> redis) {
    SeedCacheService.deleteKeys(redis, PREFIX);
  }

  /** Pipelined SETs of the ventures' keys from {@code first} ({@code count} of them) and every user list. */
  private static void fillSeed(RedisAsyncCommands<String, String> redis, long first, int count) {
    List<RedisFuture<String>> pending = new ArrayList<>();
    for (long v = first; v < first + count; v++) {
      for (String k : VENTURE_KEYS) {
        pending.add(redis.set(PREFIX + "venture:" + v + ":" + k, "{\"v\":" + v + "}", SetArgs.Builder.ex(TTL)));
      }
    }
    for (long u = 1; u <= VENTURES; u++) {
      pending.add(redis.set(PREFIX + "user:" + u + ":ventures", "[" + u + "]", SetArgs.Builder.ex(TTL)));
    }
    if (!LettuceFutures.awaitAll(Duration.ofSeconds(60), pending.toArray(RedisFuture[]::new))) {
      throw new IllegalStateException("filling the seed keyspace timed out");
    }
  }

  /** The same keyspace through the cache (two threads; the puts also fill L1, bounded at 200,000). */
  private static void fillStrata(TieredCache cache) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int part = t;
        parts.add(pool.submit(() -> {
          for (long v = 1 + part; v <= VENTURES; v += 2) {
            cache.put(VentureKeys.ventureContext(v), "{}", TTL);
            cache.put(VentureKeys.financialStats(v, LocalDate.of(2026, 11, 1)), "{}", TTL);
            cache.put(VentureKeys.recentContent(v, "drafts"), "[]", TTL);
            cache.put(VentureKeys.recentContent(v, "posts"), "[]", TTL);
            cache.put(VentureKeys.userVentures(v), "[]", TTL);
          }
        }));
      }
      for (Future<?> f : parts) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdown();
    }
  }
}
