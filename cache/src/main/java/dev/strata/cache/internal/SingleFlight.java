package dev.strata.cache.internal;

import dev.strata.cache.CacheKey;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One load per key at a time in this process: a caller joins the running {@link Flight} of its key
 * and takes its value, unless that load began before an invalidation the caller has seen (a different
 * {@link Flight.Ticket}, or without L1 a different group generation in Redis); then it loads afresh
 * and later callers join the newer flight.
 */
final class SingleFlight {

  private final ConcurrentHashMap<Object, Flight> flights = new ConcurrentHashMap<>();
  private final L1 l1;
  private final L2 l2;

  SingleFlight(L1 l1, L2 l2) {
    this.l1 = l1;
    this.l2 = l2;
  }

  /**
   * Makes {@code flight} the flight of {@code lk} and returns null (the caller loads, then calls
   * {@link #end}); or returns the running flight the caller takes instead: with {@code serveCurrent}
   * (the caller holds a value due for early recomputation) any running one, else one it may join.
   *
   * @throws IllegalStateException if the running flight is this thread's own (a loader reading its own key)
   */
  Flight claim(Object lk, CacheKey key, Flight flight, boolean serveCurrent) {
    Flight running;
    while ((running = flights.putIfAbsent(lk, flight)) != null) {
      if (serveCurrent) {
        return running;
      }
      if (running.owner == Thread.currentThread()) {
        throw new IllegalStateException("the loader of cache key '" + key + "' called getOrSet for the same key");
      }
      if (running.ticket.equals(flight.ticket) && sameGeneration(running, key)) {
        return running;
      }
      // the running load began before an invalidation this caller has seen: its value may predate it,
      // so load afresh; later callers join this newer flight
      if (flights.replace(lk, running, flight)) {
        break;
      }
    }
    return null;
  }

  /** Ends {@code flight} (completed by the caller) as the flight of {@code lk}, unless a newer one replaced it. */
  void end(Object lk, Flight flight) {
    flights.remove(lk, flight);
  }

  /**
   * Whether a caller may join {@code running} as far as other instances' group invalidations go. An
   * instance with L1 follows them through its subscription (the ticket holds the generation it knows);
   * one without L1 hears nothing, so for a grouped key it asks Redis for the generation and joins only
   * a flight that read that same one, or that has not begun to read Redis yet (it will read one at
   * least as new) — never one whose read is under way: that read may have fetched, before the caller
   * came, the value an update or invalidation of the group has since replaced (GroupUpdateIT). Without
   * this, a read begun after another instance's invalidation returned could get the value of a load
   * begun before it.
   */
  private boolean sameGeneration(Flight running, CacheKey key) {
    if (l1.present() || !l2.present() || !key.grouped()) {
      return true;
    }
    long read = running.generationRead;
    if (read == Flight.UNREAD) {
      return true;
    }
    return read >= 0 && l2.generationIs(key.group(), read);
  }
}
