package dev.strata.cache.internal;

import dev.strata.cache.CacheCodecException;
import dev.strata.cache.CacheKey;
import dev.strata.cache.CacheTier;
import dev.strata.cache.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * L2 over Redis: reads under the group generation (and fence) Redis gives, early recomputation by
 * XFetch and {@link RecomputeLease}, writes that announce themselves to the other instances, and the
 * invalidations that {@link Invalidator} carries (queued while Redis is unreachable: a read skips
 * Redis until they are replayed). Every Redis failure fails open: a read misses, a write is skipped.
 */
final class RedisL2 implements L2 {

  private static final Logger log = LoggerFactory.getLogger(RedisL2.class);

  private final CacheSettings s;
  private final KeyScheme keys;
  private final Stats stats;
  private final L1 l1;
  private final Fences fences;
  private final RedisTier redis;
  private final Coherence coherence; // null: coherence off
  private final Invalidator invalidator;
  private final RecomputeLease leases; // null: leases off
  private final ScheduledExecutorService maintenance;
  /** Test seam: runs in a group update between its read and its script; null outside tests. */
  volatile Runnable betweenGroupReadAndUpdate;

  RedisL2(CacheSettings s, KeyScheme keys, Stats stats, L1 l1, Fences fences, RedisTier redis, Coherence coherence,
      Invalidator invalidator, RecomputeLease leases, ScheduledExecutorService maintenance) {
    this.s = s;
    this.keys = keys;
    this.stats = stats;
    this.l1 = l1;
    this.fences = fences;
    this.redis = redis;
    this.coherence = coherence;
    this.invalidator = invalidator;
    this.leases = leases;
    this.maintenance = maintenance;
  }

  /** For tests (see {@link DefaultTieredCache#duringReplay}). */
  Invalidator invalidator() {
    return invalidator;
  }

  @Override
  public boolean present() {
    return true;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Read read(CacheKey key, ValueType<?> type, LocalTier.Entry early, boolean mayRecompute, boolean withFence) {
    long generation = -1;
    long fence = 0;
    byte[] raw;
    try {
      if (!invalidator.readsAllowed()) {
        throw new RedisTier.Unavailable("invalidations pending", null); // Redis may hold what they remove
      }
      if (key.grouped()) {
        RedisTier.Grouped g = withFence
            ? redis.getGroupedFenced(keys.generationKey(key.group()), keys.fenceKey(key.group()),
                keys.groupPrefix(key.group()), KeyScheme.groupSuffix(key.name()), l1.knownGeneration(key.group()))
            : redis.getGrouped(keys.generationKey(key.group()), keys.groupPrefix(key.group()),
                KeyScheme.groupSuffix(key.name()), l1.knownGeneration(key.group()));
        generation = g.generation();
        fence = g.fence();
        fences.note(key.group(), fence);
        l1.noteGeneration(key.group(), generation);
        raw = g.value();
      } else {
        raw = redis.get(keys.plain(key.name()));
      }
    } catch (RedisTier.Unavailable e) {
      raw = null;
    }
    if (raw == null) {
      stats.miss(CacheTier.L2);
      return new Read(null, null, generation, fence);
    }
    try {
      Envelope env = Envelope.parse(raw);
      boolean recompute = mayRecompute && (early != null ? env.expireAtMs() == early.expireAtMs
          : XFetch.dueNow(env.expireAtMs(), env.deltaMs(),
              XFetch.drawFrom(env.expireAtMs(), env.deltaMs(), s.earlyRecomputeBeta()), s.earlyRecomputeBeta()));
      if (recompute && (leases == null || leases.tryEarly(key, generation, env.expireAtMs()))) {
        stats.earlyRecompute();
        return new Read(null, null, generation, fence);
      }
      Object value = env.absent() ? LocalTier.ABSENT : s.codec().decode(env.payload(), type);
      stats.hit(CacheTier.L2);
      return new Read(env, value, generation, fence);
    } catch (CacheCodecException e) {
      // e.g. the class changed shape since the value was written: treat as a miss, the load overwrites it
      log.warn("[{}] cannot decode the cached value of '{}' as {}; reloading: {}", s.name(), key, type, e.getMessage());
      stats.miss(CacheTier.L2);
      return new Read(null, null, generation, fence);
    }
  }

  @Override
  public Read awaitHolder(CacheKey key, ValueType<?> type, Read miss) {
    if (leases == null) {
      return miss;
    }
    return leases.awaitHolder(key, miss.generation(), () -> nonEmpty(read(key, type, null, false, false)), miss);
  }

  private static Read nonEmpty(Read r) {
    return r.envelope() != null ? r : null;
  }

  @Override
  public boolean backingOff(Object lk) {
    return leases != null && leases.backingOff(lk);
  }

  @Override
  public void releaseLease(Object lk) {
    if (leases != null) {
      leases.release(lk);
    }
  }

  @Override
  public boolean generationIs(String group, long generation) {
    try {
      return invalidator.readsAllowed() && redis.generation(keys.generationKey(group)) == generation;
    } catch (RedisTier.Unavailable e) {
      return false; // cannot tell: load afresh
    }
  }

  // ---------------------------------------------------------------- writes

  /**
   * Writes the value to Redis with the message that drops the key from the other instances' L1, in one
   * round trip. A failed write still announces itself (or is queued as a key invalidation, see
   * {@link Invalidator}).
   */
  @Override
  public long write(CacheKey key, byte[] bytes, long ttlMs) {
    String channel = coherence == null ? "" : coherence.channel();
    String message = coherence == null ? "" : coherence.keyMessage(key.group(), key.name());
    try {
      if (!key.grouped()) {
        redis.put(keys.plain(key.name()), bytes, ttlMs, channel, message);
        return -1;
      }
      long generation = redis.putGrouped(keys.generationKey(key.group()), keys.groupPrefix(key.group()),
          KeyScheme.groupSuffix(key.name()), bytes, ttlMs, channel, message, l1.knownGeneration(key.group()));
      l1.noteGeneration(key.group(), generation);
      return generation;
    } catch (RedisTier.Unavailable e) {
      // fail open: the value is served from L1 and the loader until Redis is back
      invalidator.announceWrite(key.group(), key.name());
      return -1;
    }
  }

  @Override
  public void store(CacheKey key, long generation, byte[] bytes, long ttlMs) {
    try {
      if (!key.grouped()) {
        redis.set(keys.plain(key.name()), bytes, ttlMs);
      } else if (generation >= 0) {
        redis.set(keys.grouped(key.group(), generation, key.name()), bytes, ttlMs);
      }
      // grouped with the generation unknown: the current one may postdate the load, so no Redis write
    } catch (RedisTier.Unavailable e) {
      // fail open: the value is served from L1 and the loader until Redis is back
    }
  }

  // ---------------------------------------------------------------- invalidation

  @Override
  public void invalidateKey(String group, String name) {
    invalidator.key(group, name);
  }

  @Override
  public boolean invalidateGroup(String group, long fence) {
    return invalidator.group(group, fence);
  }

  /**
   * Never while invalidations are pending (Redis may hold what they remove, and a patch would carry it
   * into the new generation): then, and whenever Redis fails, {@link Invalidator#group} for each group
   * (queued if Redis is unreachable; a script that may have run is safe to follow with an
   * invalidation). Two round trips whatever the number of groups: the reads pipelined, then the scripts.
   */
  @Override
  public List<GroupWrite> updateGroups(long fence, List<GroupSpec> groups) {
    try {
      if (invalidator.readsAllowed()) {
        List<RedisTier.GroupReadCall> reads = new ArrayList<>(groups.size());
        for (GroupSpec g : groups) {
          reads.add(new RedisTier.GroupReadCall(keys.generationKey(g.group()), keys.groupPrefix(g.group()),
              g.names().stream().map(KeyScheme::groupSuffix).toList(), l1.knownGeneration(g.group())));
        }
        List<RedisTier.GroupRead> read = redis.readGroups(reads);
        List<GroupWriteThrough.Plan> plans = new ArrayList<>(groups.size());
        List<RedisTier.GroupUpdateCall> scripts = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
          String group = groups.get(i).group();
          l1.noteGeneration(group, read.get(i).generation());
          GroupWriteThrough.Plan plan = GroupWriteThrough.plan(s, stats, group, groups.get(i).names(),
              groups.get(i).updates(), read.get(i).values());
          plans.add(plan);
          scripts.add(new RedisTier.GroupUpdateCall(keys.generationKey(group), keys.fenceKey(group),
              keys.groupPrefix(group), read.get(i).generation(), plan.writes(), fence,
              coherence == null ? "" : coherence.channel(),
              coherence == null ? "" : coherence.fencedMessagePrefix(group), l1.knownGeneration(group)));
        }
        Runnable seam = betweenGroupReadAndUpdate;
        if (seam != null) {
          seam.run();
        }
        List<RedisTier.GroupUpdated> updated = redis.updateGroups(scripts);
        List<GroupWrite> out = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
          RedisTier.GroupUpdated u = updated.get(i);
          fences.note(groups.get(i).group(), u.fence());
          l1.noteGeneration(groups.get(i).group(), u.generation());
          out.add(new GroupWrite(u.written(), true, u.generation(), u.written() ? plans.get(i).values() : Map.of()));
        }
        return out;
      }
    } catch (RedisTier.Unavailable e) {
      // fall through: invalidate (queued if Redis stays unreachable)
    }
    List<GroupWrite> out = new ArrayList<>(groups.size());
    for (GroupSpec g : groups) {
      out.add(invalidator.group(g.group(), fence) ? new GroupWrite(false, true, -1, Map.of()) : GroupWrite.NOT_IN_REDIS);
    }
    return out;
  }

  @Override
  public long invalidateMatching(String pattern) {
    return invalidator.pattern(pattern);
  }

  @Override
  public String describe() {
    return redis.cluster() ? ", Redis Cluster" : ", Redis";
  }

  @Override
  public void close() {
    maintenance.shutdownNow();
    if (coherence != null) {
      coherence.close();
    }
    redis.close();
  }
}
