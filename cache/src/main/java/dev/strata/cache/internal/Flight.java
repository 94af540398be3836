package dev.strata.cache.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A load in progress; other callers of the same key wait for it (see {@link SingleFlight}). */
final class Flight extends CompletableFuture<Object> {

  static final long UNREAD = Long.MIN_VALUE;
  /** The flight's Redis read has begun and not yet told the generation it read. */
  static final long READING = Long.MIN_VALUE + 1;

  /**
   * What a load starts under: the key's fill ticket and, for a grouped key, the group generation this
   * instance knows. Loads with equal tickets saw the same invalidations; a caller joins only such a load.
   */
  record Ticket(long seq, long generation) {

    static Ticket of(L1 l1, Object lk, String group) {
      return new Ticket(l1.seq(lk), group == null ? -1 : l1.knownGeneration(group));
    }
  }

  final Thread owner = Thread.currentThread();
  final Ticket ticket;
  /**
   * The group generation this flight read from Redis (-1: Redis failed, or there is none);
   * {@link #UNREAD} before its read, {@link #READING} during it.
   */
  volatile long generationRead = UNREAD;

  Flight(Ticket ticket) {
    this.ticket = ticket;
  }

  /** The value of this flight once it ends; rethrows the flight's failure. */
  Object await() {
    try {
      return join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
