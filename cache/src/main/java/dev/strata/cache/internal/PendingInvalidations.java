package dev.strata.cache.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Invalidations that could not reach Redis, kept (bounded, deduplicated, in order) to be replayed
 * when Redis answers again: without them, an entry invalidated during an outage would be served
 * from Redis after it.
 */
final class PendingInvalidations {

  /**
   * One invalidation: a key ('k'; group may be null), a whole group ('g'; name null, or the fence as 16
   * hex digits for a fenced one), or a pattern ('p').
   */
  record Op(char type, String group, String name) {}

  private final int limit;
  private final LinkedHashSet<Op> ops = new LinkedHashSet<>();
  private long dropped;
  /**
   * True from {@link #take()} until the replay that took them ends ({@link #restore}, {@link #replayed}):
   * the taken invalidations have not reached Redis yet, so Redis reads must still wait.
   */
  private boolean inFlight;
  /** Whether anything is pending, readable without the lock (read on every Redis read). */
  private volatile boolean any;

  PendingInvalidations(int limit) {
    this.limit = limit;
  }

  synchronized void add(Op op) {
    if (ops.size() >= limit && !ops.contains(op)) {
      dropped++;
      any = true;
      return;
    }
    ops.add(op);
    any = true;
  }

  synchronized boolean isEmpty() {
    return ops.isEmpty() && dropped == 0 && !inFlight;
  }

  /** {@link #isEmpty()} without taking the lock; may be stale by a concurrent add. */
  boolean quickIsEmpty() {
    return !any;
  }

  private void updateAny() {
    any = !ops.isEmpty() || dropped > 0 || inFlight;
  }

  /**
   * Takes everything pending for a replay, which must end with {@link #restore} or {@link #replayed};
   * until then the queue does not count as empty. {@link #takeDropped()} tells how many did not fit.
   */
  synchronized List<Op> take() {
    List<Op> out = new ArrayList<>(ops);
    ops.clear();
    inFlight = !out.isEmpty();
    updateAny();
    return out;
  }

  /** The replay of what {@link #take()} returned reached Redis. */
  synchronized void replayed() {
    inFlight = false;
    updateAny();
  }

  synchronized long takeDropped() {
    long d = dropped;
    dropped = 0;
    updateAny();
    return d;
  }

  /** Ends a replay: puts back what could not be replayed, ahead of anything added since. */
  synchronized void restore(List<Op> rest) {
    inFlight = false;
    LinkedHashSet<Op> merged = new LinkedHashSet<>(rest);
    merged.addAll(ops);
    ops.clear();
    for (Op op : merged) {
      if (ops.size() < limit) {
        ops.add(op);
      } else {
        dropped++;
      }
    }
    updateAny();
  }
}
