package dev.strata.routing;

/**
 * Events of a {@link RoutingDataSource}, for metrics (strata-metrics binds one). Callbacks run on the
 * calling or checking thread and must be quick; the defaults do nothing.
 */
public interface RoutingListener {

  /** Where a connection was routed: {@code target} is "primary" or a replica name; {@code reason} says why. */
  default void onRoute(String target, String reason) {}

  /** A read that wanted a replica went to the primary: no healthy replica, replica failed, or too far behind a token. */
  default void onFallback(String reason) {}

  /** A replica entered ({@code healthy} true) or left rotation. */
  default void onHealthChange(String replica, boolean healthy, String reason) {}

  /**
   * The primary became unavailable ({@code available} false: a connection to it failed, and writes
   * fail fast until the background probe reaches it) or available again.
   */
  default void onPrimaryAvailability(boolean available, String reason) {}

  /** A lag measurement of one replica. */
  default void onLag(String replica, long lagBytes, long lagMillis) {}
}
