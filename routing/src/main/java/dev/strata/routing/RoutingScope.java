package dev.strata.routing;

/**
 * A thread-bound routing decision for code that gets its connections from the
 * {@link RoutingDataSource} itself (Jdbi, Spring, plain JDBC). While a scope is open on a thread,
 * every connection that thread obtains from the router is routed by the scope: a read scope to a
 * replica (the primary for locking reads), a write scope to the primary. Scopes nest; closing one
 * restores the enclosing one. Use with try-with-resources on the thread that opened it.
 *
 * <pre>{@code
 * try (RoutingScope read = router.readScope()) {
 *   jdbi.withHandle(h -> h.select("SELECT ...").mapTo(Long.class).list());
 * }
 * }</pre>
 */
public final class RoutingScope implements AutoCloseable {

  /** SESSION: each connection decides by its read-only flag at its first use (see {@link RoutingSession#scope()}). */
  enum Kind { READ, WRITE, SESSION }

  private static final ThreadLocal<RoutingScope> CURRENT = new ThreadLocal<>();

  private final RoutingDataSource router;
  private final Kind kind;
  private final RoutingSession session;
  private final RoutingScope outer;
  private final Thread owner;
  private boolean closed;
  private volatile Replica lastReplica;

  private RoutingScope(RoutingDataSource router, Kind kind, RoutingSession session) {
    this.router = router;
    this.kind = kind;
    this.session = session;
    this.owner = Thread.currentThread();
    this.outer = CURRENT.get();
    CURRENT.set(this);
  }

  static RoutingScope open(RoutingDataSource router, Kind kind, RoutingSession session) {
    return new RoutingScope(router, kind, session);
  }

  /** The innermost open scope of this thread for {@code router}, or null. */
  static RoutingScope current(RoutingDataSource router) {
    for (RoutingScope s = CURRENT.get(); s != null; s = s.outer) {
      if (s.router == router) {
        return s;
      }
    }
    return null;
  }

  /** Whether this is a read scope (a session scope is neither read nor write: its connections decide). */
  public boolean isRead() {
    return kind == Kind.READ;
  }

  Kind kind() {
    return kind;
  }

  /** The session whose token reads of this scope honour and writes advance; null for none. */
  RoutingSession session() {
    return session;
  }

  void routedTo(Replica replica) {
    this.lastReplica = replica;
  }

  /** The replica the scope's latest connection went to, or null if it went to the primary. */
  Replica lastReplica() {
    return lastReplica;
  }

  /** Ends the scope and restores the enclosing one. Must run on the thread that opened the scope. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a RoutingScope must be closed on the thread that opened it (" + owner.getName() + ")");
    }
    if (CURRENT.get() != this) {
      throw new IllegalStateException("RoutingScopes must be closed innermost first");
    }
    closed = true;
    if (outer == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(outer);
    }
  }
}
