package dev.strata.cache.internal;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries invalidations to Redis and, through {@link Coherence}, to the other instances' L1s. Each
 * key or group invalidation is one Redis script that also publishes its message (one round trip). What
 * fails while Redis is unreachable is queued in {@link PendingInvalidations}, so an entry invalidated
 * during an outage is not served from Redis after it. The queue is replayed as soon as Redis answers:
 * {@link #replayWhenBack()} probes every {@link #PROBE_INTERVAL_MS} ms while it is non-empty (past the
 * breaker, which would otherwise hold the replay back for its whole open period), and
 * {@link #readsAllowed()} makes every Redis read of this instance replay it first, or skip Redis.
 */
final class Invalidator {

  private static final Logger log = LoggerFactory.getLogger(Invalidator.class);
  private static final int SCAN_BATCH = 1_000;
  /** How often Redis is probed while invalidations are pending. */
  static final long PROBE_INTERVAL_MS = 25;

  private final String name;
  private final KeyScheme keys;
  private final RedisTier redis;
  private final Coherence coherence; // null: nobody to tell
  private final L1 l1;
  private final CircuitBreaker breaker;
  private final PendingInvalidations pending;
  private final Fences fences;
  private final ReentrantLock replaying = new ReentrantLock();
  /** Test seam: runs in a replay once it has taken the queue, before the first op is sent; null outside tests. */
  volatile Runnable duringReplay;

  Invalidator(CacheSettings s, KeyScheme keys, RedisTier redis, Coherence coherence, L1 l1, CircuitBreaker breaker,
      Fences fences) {
    this.name = s.name();
    this.fences = fences;
    this.keys = keys;
    this.redis = redis;
    this.coherence = coherence;
    this.l1 = l1;
    this.breaker = breaker;
    this.pending = new PendingInvalidations(s.pendingInvalidations());
  }

  /** Deletes a key in Redis and tells the others; queued if Redis fails. */
  void key(String group, String name) {
    applyOrQueue(new PendingInvalidations.Op('k', group, name), new long[1]);
  }

  /**
   * Bumps a group's generation and raises its fence in one script, and tells the others; false (and
   * queued, fence included) if Redis fails. A fence of 0 is an unfenced invalidation.
   */
  boolean group(String group, long fence) {
    return applyOrQueue(new PendingInvalidations.Op('g', group, fence == 0 ? null : Fences.hex(fence)), new long[1]);
  }

  /** SCAN + UNLINK of a pattern and a message to the others; returns the keys deleted (0 if queued). */
  long pattern(String pattern) {
    long[] deleted = {0};
    applyOrQueue(new PendingInvalidations.Op('p', null, pattern), deleted);
    return deleted[0];
  }

  /** Tells the others to drop their copy of a key just written; queued (as a key invalidation) if Redis fails. */
  void announceWrite(String group, String name) {
    if (coherence == null) {
      return;
    }
    try {
      coherence.publishKey(group, name);
    } catch (RedisTier.Unavailable e) {
      pending.add(new PendingInvalidations.Op('k', group, name));
    }
  }

  private boolean applyOrQueue(PendingInvalidations.Op op, long[] deleted) {
    if (applyOnce(op, deleted)) {
      return true;
    }
    pending.add(op);
    return false;
  }

  private boolean applyOnce(PendingInvalidations.Op op, long[] deleted) {
    String channel = coherence == null ? "" : coherence.channel();
    try {
      switch (op.type()) {
        case 'k' -> {
          String message = coherence == null ? "" : coherence.keyMessage(op.group(), op.name());
          if (op.group() == null) {
            deleted[0] = redis.invalidateKey(keys.plain(op.name()), channel, message);
          } else {
            redis.invalidateGroupedKey(keys.generationKey(op.group()), keys.groupPrefix(op.group()),
                KeyScheme.groupSuffix(op.name()), channel, message, l1.knownGeneration(op.group()));
          }
        }
        case 'g' -> {
          long g;
          if (op.name() == null) {
            g = redis.invalidateGroup(keys.generationKey(op.group()), channel,
                coherence == null ? "" : coherence.generationMessagePrefix(op.group()), l1.knownGeneration(op.group()));
          } else {
            RedisTier.FencedBump b = redis.invalidateGroupFenced(keys.generationKey(op.group()),
                keys.fenceKey(op.group()), Fences.parse(op.name()), channel,
                coherence == null ? "" : coherence.fencedMessagePrefix(op.group()), l1.knownGeneration(op.group()));
            fences.note(op.group(), b.fence());
            g = b.generation();
          }
          // above the floor the script was given (what this instance knew when it sent it); if this
          // instance knows a higher one by now, that came from a later bump, which refuses our entries
          // already: counting up locally here would put this instance ahead of Redis for nothing
          l1.noteGeneration(op.group(), g);
        }
        case 'p' -> {
          deleted[0] = redis.scanUnlink(keys.plain(op.name()), SCAN_BATCH);
          if (coherence != null) {
            coherence.publishPattern(op.name());
          }
        }
        default -> throw new IllegalStateException("unknown invalidation " + op);
      }
      return true;
    } catch (RedisTier.Unavailable e) {
      return false;
    }
  }

  /** Periodic: subscribe if not yet subscribed, replay invalidations queued during an outage. */
  void maintain() {
    try {
      if (coherence != null && l1.present() && coherence.ensureSubscribed()) {
        coherence.heartbeat();
      }
      if (pending.isEmpty() || breaker.isOpen() && !probe()) {
        return;
      }
      replayLocked();
    } catch (RuntimeException e) {
      log.warn("[{}] cache maintenance failed: {}", name, e.toString());
    }
  }

  /**
   * Every {@link #PROBE_INTERVAL_MS} ms: while invalidations are pending, a PING that bypasses the
   * breaker; when Redis answers it, the queue is replayed at once. During a freeze one PING is always
   * in flight, so the one Redis answers first after the thaw triggers the replay.
   */
  void replayWhenBack() {
    try {
      if (pending.quickIsEmpty() || !redis.probe()) {
        return;
      }
      replayLocked();
    } catch (RuntimeException e) {
      log.warn("[{}] replaying invalidations failed: {}", name, e.toString());
    }
  }

  /**
   * Called before each Redis read of this instance: true when nothing is pending, or when this call
   * replayed everything. False (the caller must not use Redis, which may still hold what the pending
   * invalidations remove) while they cannot be replayed or another thread is replaying them.
   */
  boolean readsAllowed() {
    if (pending.quickIsEmpty()) {
      return true;
    }
    if (!replaying.tryLock()) {
      return false;
    }
    try {
      replay();
    } finally {
      replaying.unlock();
    }
    return pending.isEmpty();
  }

  /** {@link #replay()} once the lock is free (a read's replay may hold it). */
  private void replayLocked() {
    replaying.lock();
    try {
      replay();
    } finally {
      replaying.unlock();
    }
  }

  /** Replays the queue in order; stops at the first failure and keeps the rest. Holds {@link #replaying}. */
  private void replay() {
    if (pending.isEmpty()) {
      return;
    }
    long dropped = pending.takeDropped();
    if (dropped > 0) {
      l1.clearAll(dropped + " invalidations did not fit in the queue during a Redis outage");
      log.error("[{}] {} invalidations did not fit in the pending queue during the Redis outage: Redis entries "
          + "they targeted are served until their TTL", name, dropped);
    }
    // until every taken op is applied or restored the queue still counts as pending: a read on another
    // thread that found it empty meanwhile would read Redis before the invalidations reach it
    List<PendingInvalidations.Op> ops = pending.take();
    int applied = 0;
    try {
      Runnable seam = duringReplay;
      if (seam != null && !ops.isEmpty()) {
        seam.run();
      }
      while (applied < ops.size() && applyOnce(ops.get(applied), new long[1])) {
        applied++;
      }
    } finally {
      if (applied < ops.size()) {
        pending.restore(ops.subList(applied, ops.size()));
      } else {
        pending.replayed();
      }
    }
    if (applied < ops.size()) {
      return;
    }
    if (!ops.isEmpty()) {
      log.info("[{}] replayed {} invalidations queued while Redis was unreachable", name, ops.size());
    }
  }

  private boolean probe() {
    try {
      redis.ping();
      return true;
    } catch (RedisTier.Unavailable e) {
      return false;
    }
  }
}
