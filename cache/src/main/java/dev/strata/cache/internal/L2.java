package dev.strata.cache.internal;

import dev.strata.cache.CacheKey;
import dev.strata.cache.GroupUpdate;
import dev.strata.cache.ValueType;
import java.util.List;
import java.util.Map;

/**
 * L2 as the read and write paths see it: {@link RedisL2} (Redis, the invalidations that go through it,
 * coherence and recompute leases), or {@link NoL2} for an L1-only cache, so that no path asks whether
 * there is Redis.
 */
interface L2 extends AutoCloseable {

  /**
   * What a read gave: the envelope (null on a miss, error or early recomputation), the value, the
   * generation (-1: unknown) and the group's fence read with it (0: none, or not read).
   */
  record Read(Envelope envelope, Object value, long generation, long fence) {
    static final Read MISS = new Read(null, null, -1, 0);
  }

  /** Whether there is Redis (false: {@link NoL2}). */
  boolean present();

  /**
   * Reads the value of {@code key}; with {@code mayRecompute}, a hit may become a miss by XFetch (or by
   * L1's draw, {@code early}); with {@code withFence}, the group's fence is read in the same script.
   */
  Read read(CacheKey key, ValueType<?> type, LocalTier.Entry early, boolean mayRecompute, boolean withFence);

  /** After {@code miss}: another instance may be loading the key; its value when it lands in time, else {@code miss}. */
  Read awaitHolder(CacheKey key, ValueType<?> type, Read miss);

  /** Whether another instance recently took the early recomputation of {@code lk}: serve the current value. */
  boolean backingOff(Object lk);

  /** Ends this instance's recompute lease on {@code lk}, if it holds one. */
  void releaseLease(Object lk);

  /** Whether Redis says {@code group} is at {@code generation} now (false when it cannot tell). */
  boolean generationIs(String group, long generation);

  /**
   * Writes an explicit value with the message that drops the key from the other instances' L1s;
   * returns the group generation written under (-1: ungrouped, or not written).
   */
  long write(CacheKey key, byte[] bytes, long ttlMs);

  /** Stores a loaded value under the group generation its load read ({@code generation} -1: unknown). */
  void store(CacheKey key, long generation, byte[] bytes, long ttlMs);

  /** Deletes a key and tells the other instances. */
  void invalidateKey(String group, String name);

  /** Moves a group to a new generation (and raises its fence unless 0); false if Redis was not reached. */
  boolean invalidateGroup(String group, long fence);

  /**
   * What a group update did: {@code written} whether the patched values are in Redis under the new
   * generation (then {@code values} holds the decoded ones, by key name); {@code inRedis} whether the
   * generation moved in Redis (false: the invalidation is queued, as {@link #invalidateGroup}'s).
   */
  record GroupWrite(boolean written, boolean inRedis, long generation, Map<String, GroupWriteThrough.Patched> values) {
    static final GroupWrite NOT_IN_REDIS = new GroupWrite(false, false, -1, Map.of());
  }

  /** One group of {@link #updateGroups}: its listed keys ({@code names[i]} gets {@code updates[i]}). */
  record GroupSpec(String group, List<String> names, List<GroupUpdate<?>> updates) {}

  /**
   * The write-through of {@code TieredCache.updateGroups}: each group's listed keys patched under a new
   * generation if nothing changed since they were read, else {@link #invalidateGroup}; one result per
   * group, in order.
   */
  List<GroupWrite> updateGroups(long fence, List<GroupSpec> groups);

  /** Deletes the keys matching a glob and tells the other instances; returns how many were deleted. */
  long invalidateMatching(String pattern);

  /** What {@code toString} says of it: empty, ", Redis" or ", Redis Cluster". */
  String describe();

  @Override
  void close();
}
