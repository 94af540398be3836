package dev.strata.cache.internal;

import dev.strata.cache.CacheCodecException;
import dev.strata.cache.CacheKey;
import dev.strata.cache.GroupUpdate;
import dev.strata.cache.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write paths: explicit writes, what a load stores, and invalidations. Each drops the local copy
 * before and again after its Redis call, which moves the key's fill ticket, so a read that fetched
 * the value Redis held before the write cannot fill L1 with it.
 */
final class WritePath {

  private static final Logger log = LoggerFactory.getLogger(WritePath.class);
  private static final Object ABSENT = LocalTier.ABSENT;

  private final CacheSettings s;
  private final Stats stats;
  private final L1 l1;
  private final L2 l2;
  private final Fences fences;
  /** Test seam: runs between a write's first local drop and its Redis call; null outside tests. */
  volatile Runnable afterLocalDrop;

  WritePath(CacheSettings s, Stats stats, L1 l1, L2 l2, Fences fences) {
    this.s = s;
    this.stats = stats;
    this.l1 = l1;
    this.l2 = l2;
    this.fences = fences;
  }

  /** An explicit write of a checked value: Redis (announced to the others), then this instance's L1. */
  <T> void put(CacheKey key, ValueType<T> type, T value, Duration ttl) {
    Prepared p = prepare(key, type, value, ttl, 0, true); // a value too large fails here, before any side effect
    Object lk = LocalTier.keyOf(key);
    beginWrite(lk);
    long generation = p.bytes() == null ? -1 : l2.write(key, p.bytes(), p.ttlMs());
    long seq = endWrite(lk);
    fillL1(lk, value, key.grouped() && generation < 0 ? l1.knownGeneration(key.group()) : generation, p, seq);
  }

  /**
   * Stores what a load returned. {@code generation} is the group generation Redis gave when the load
   * began (-1: ungrouped, or unknown because Redis failed).
   */
  void storeLoaded(CacheKey key, Object lk, ValueType<?> type, Object value, Duration ttl, long generation,
      long loadNanos, Flight.Ticket ticket) {
    if (l1.seq(lk) != ticket.seq()) {
      // invalidated (or written) since the load began: the value may predate that, so neither tier gets
      // it (L1 would refuse it anyway); this also keeps a stale flight from overwriting a newer one's
      return;
    }
    Prepared p = prepare(key, type, value, ttl, loadNanos, false);
    if (p == null) {
      return;
    }
    if (p.bytes() != null) {
      l2.store(key, generation, p.bytes(), p.ttlMs());
    }
    // the generation the load began under, never one read after it: a group invalidation during the
    // load must leave this value unservable
    fillL1(lk, value == null ? ABSENT : value, key.grouped() && generation < 0 ? ticket.generation() : generation,
        p, ticket.seq());
  }

  /** A value ready for the tiers: its Redis bytes (null: not for Redis), TTL and logical expiry. */
  private record Prepared(byte[] bytes, long ttlMs, long expireAt, int deltaMs) {}

  /** Encodes a value for both tiers; null when there is nothing to cache (an absence with negativeTtl 0). */
  private Prepared prepare(CacheKey key, ValueType<?> type, Object value, Duration ttl, long loadNanos,
      boolean explicit) {
    long ttlMs;
    if (value == null) {
      ttlMs = s.negativeTtl().toMillis();
      if (ttlMs == 0) {
        return null;
      }
    } else {
      ttlMs = jittered(ttl.toMillis());
    }
    int deltaMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(loadNanos)));
    long expireAt = System.currentTimeMillis() + ttlMs;
    byte[] bytes = !l2.present() ? null : encode(key, type, value, expireAt, deltaMs, explicit);
    return new Prepared(bytes, ttlMs, expireAt, deltaMs);
  }

  private void fillL1(Object lk, Object value, long generation, Prepared p, long seq) {
    l1.fill(lk, value, generation, p.expireAt(), p.deltaMs(),
        XFetch.drawFrom(p.expireAt(), p.deltaMs(), s.earlyRecomputeBeta()), seq);
  }

  /** The stored bytes, or null (after reporting it) when the value cannot go to Redis. */
  private byte[] encode(CacheKey key, ValueType<?> type, Object value, long expireAt, int deltaMs, boolean explicit) {
    try {
      Envelope env = value == null ? Envelope.absent(expireAt, deltaMs)
          : new Envelope(false, expireAt, deltaMs, s.codec().encode(value, type));
      byte[] bytes = env.toBytes(s.compressAbove());
      if (bytes.length > s.maxValueBytes()) {
        throw new CacheCodecException("value of cache key '" + key + "' is " + bytes.length + " bytes encoded"
            + (s.compressAbove() < Integer.MAX_VALUE ? " (compressed)" : "") + ", above maxValueBytes "
            + s.maxValueBytes() + "; raise maxValueBytes, enable compressAbove, or cache a smaller value");
      }
      return bytes;
    } catch (CacheCodecException e) {
      stats.rejected(key.toString(), e.getMessage());
      if (explicit) {
        throw e;
      }
      log.warn("[{}] not caching '{}' in Redis: {}", s.name(), key, e.getMessage());
      return null;
    }
  }

  private long jittered(long ttlMs) {
    if (s.ttlJitter() == 0 || ttlMs < 2) {
      return ttlMs;
    }
    long cut = (long) (ttlMs * s.ttlJitter() * ThreadLocalRandom.current().nextDouble());
    return Math.max(1, ttlMs - cut);
  }

  /** Before a write or delete goes to Redis: drops the local copy; fills that began before it are refused. */
  private void beginWrite(Object lk) {
    l1.invalidate(lk);
    Runnable seam = afterLocalDrop;
    if (seam != null) {
      seam.run();
    }
  }

  /**
   * After the write or delete completed in Redis: the same again, because a read on this instance may
   * have fetched the value Redis held just before, and an instance ignores its own messages. Returns
   * the ticket for the writer's own fill.
   */
  private long endWrite(Object lk) {
    l1.invalidate(lk);
    return l1.seq(lk);
  }

  /** A key invalidation: Redis and the other instances, between this instance's two local drops. */
  void invalidate(CacheKey key) {
    Object lk = LocalTier.keyOf(key);
    beginWrite(lk);
    l2.invalidateKey(key.group(), key.name());
    endWrite(lk);
  }

  /** A group invalidation; {@code fence} 0 for an unfenced one. */
  void invalidateGroup(String group, long fence) {
    fences.note(group, fence); // before the generation moves: a load under the new one must see this fence
    l1.groupInvalidated(group, l2.invalidateGroup(group, fence));
  }

  /**
   * Groups' write-through (see {@code TieredCache.updateGroups}); without Redis, group invalidations.
   * The patched values go to this instance's L1 under the new generation, each under the fill ticket
   * of its key taken before the Redis calls: a write or invalidation of the key on this instance (or
   * heard from another) since then refuses it, and a later group invalidation makes it unservable by
   * its generation. Returns the groups patched.
   */
  Set<String> updateGroups(long fence, Map<String, Map<String, GroupUpdate<?>>> groups) {
    List<L2.GroupSpec> specs = new ArrayList<>(groups.size());
    List<long[]> seqs = new ArrayList<>(groups.size());
    groups.forEach((group, updates) -> {
      fences.note(group, fence); // before the generation moves, as for invalidateGroup
      List<String> names = new ArrayList<>(updates.size());
      List<GroupUpdate<?>> each = new ArrayList<>(updates.size());
      long[] seq = new long[updates.size()];
      updates.forEach((name, u) -> {
        seq[names.size()] = l1.seq(CacheKey.of(group, name));
        names.add(name);
        each.add(u);
      });
      specs.add(new L2.GroupSpec(group, names, each));
      seqs.add(seq);
    });
    List<L2.GroupWrite> written = l2.updateGroups(fence, specs);
    Set<String> patched = new LinkedHashSet<>();
    for (int g = 0; g < specs.size(); g++) {
      L2.GroupSpec spec = specs.get(g);
      L2.GroupWrite w = written.get(g);
      l1.groupInvalidated(spec.group(), w.inRedis());
      if (!w.written()) {
        continue;
      }
      patched.add(spec.group());
      for (int i = 0; i < spec.names().size(); i++) {
        GroupWriteThrough.Patched p = w.values().get(spec.names().get(i));
        if (p != null) {
          l1.fill(CacheKey.of(spec.group(), spec.names().get(i)), p.value(), w.generation(), p.expireAtMs(),
              p.deltaMs(), XFetch.drawFrom(p.expireAtMs(), p.deltaMs(), s.earlyRecomputeBeta()), seqs.get(g)[i]);
        }
      }
    }
    return patched;
  }

  /** Deletes the keys matching a glob; returns how many Redis deleted. */
  long invalidateMatching(String pattern) {
    l1.dropMatching(pattern);
    long deleted = l2.invalidateMatching(pattern);
    l1.dropMatching(pattern); // again after the UNLINKs, for reads that fetched a key just before them (see endWrite)
    return deleted;
  }
}
