package dev.strata.routing;

import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.HandleCallback;

/**
 * Routing for Jdbi users, without touching connections: {@code withRead} runs a callback on a replica
 * (retrying elsewhere if the replica dies under it), {@code withWrite} runs it in a transaction on the
 * primary. Needs {@code org.jdbi:jdbi3-core} on the class path (an optional dependency of this module).
 *
 * <pre>{@code
 * RoutingJdbi db = RoutingJdbi.create(router);            // or RoutingJdbi.of(router, configuredJdbi)
 * List<Venture> ventures = db.withRead(h -> h.createQuery("SELECT ...").mapTo(Venture.class).list());
 * db.withWrite(h -> h.execute("UPDATE ventures SET name = ? WHERE id = ?", name, id));
 * RoutingJdbi me = db.forSession(router.session("user:" + userId));   // read-your-writes
 * }</pre>
 */
public final class RoutingJdbi {

  private final RoutingDataSource router;
  private final Jdbi jdbi;
  private final RoutingSession session;

  private RoutingJdbi(RoutingDataSource router, Jdbi jdbi, RoutingSession session) {
    this.router = router;
    this.jdbi = jdbi;
    this.session = session;
  }

  /** A plain {@code Jdbi.create(router)} with routing helpers. */
  public static RoutingJdbi create(RoutingDataSource router) {
    Objects.requireNonNull(router, "router");
    return new RoutingJdbi(router, Jdbi.create(router), null);
  }

  /** Routing helpers over a host-configured {@code jdbi} whose connections come from {@code router}. */
  public static RoutingJdbi of(RoutingDataSource router, Jdbi jdbi) {
    return new RoutingJdbi(Objects.requireNonNull(router, "router"), Objects.requireNonNull(jdbi, "jdbi"), null);
  }

  /** The same helpers bound to a read-your-writes session. */
  public RoutingJdbi forSession(RoutingSession session) {
    return new RoutingJdbi(router, jdbi, Objects.requireNonNull(session, "session"));
  }

  /** The underlying Jdbi (connections routed by the thread's scope, or to the primary without one). */
  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Runs {@code callback} on a replica (the primary when none is healthy, or for the session's
   * writes not yet replayed). A connection failure on the replica takes it out of rotation and runs
   * the callback again elsewhere, so the callback must only read.
   */
  public <R, X extends Exception> R withRead(HandleCallback<R, X> callback) throws X {
    Objects.requireNonNull(callback, "callback");
    int attempts = router.replicaCount() + 1;
    for (int attempt = 1; ; attempt++) {
      RoutingScope scope = session == null ? router.readScope() : session.readScope();
      try {
        return jdbi.withHandle(callback);
      } catch (Exception e) {
        Replica failed = scope.lastReplica();
        if (failed == null || attempt >= attempts || !Failures.isConnectionFailure(e)) {
          throw e;
        }
        router.replicaFailed(failed, e);
      } finally {
        scope.close();
      }
    }
  }

  /** Runs {@code callback} in a transaction on the primary; advances the session's token if bound to one. */
  public <R, X extends Exception> R withWrite(HandleCallback<R, X> callback) throws X {
    Objects.requireNonNull(callback, "callback");
    try (RoutingScope scope = session == null ? router.writeScope() : session.writeScope()) {
      return jdbi.inTransaction(callback);
    }
  }
}
