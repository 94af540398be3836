package dev.strata.spring.boot.routing;

import dev.strata.routing.RoutingDataSource;
import dev.strata.routing.RoutingSession;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/**
 * Chooses the read-your-writes session of an HTTP request for {@link ReadYourWritesFilter}. Define
 * a bean of your own to key sessions differently (a tenant, a header, a cookie carrying a token).
 */
@FunctionalInterface
public interface RoutingSessionResolver {

  /** The session for {@code request}, or null for none (the request is routed without one). */
  RoutingSession resolve(HttpServletRequest request, RoutingDataSource router);

  /** A new unkeyed session per request: later reads of the request see its earlier writes. */
  static RoutingSessionResolver perRequest() {
    return (request, router) -> router.session();
  }

  /**
   * A session per authenticated user, {@code "user:" + principal name}, kept by the router across
   * requests (so the next request of the user sees this one's writes, on any instance that shares
   * the router's memory — that is, this instance); requests without a principal get one per request.
   */
  static RoutingSessionResolver perUser() {
    return (request, router) -> {
      Principal p = request.getUserPrincipal();
      return p == null || p.getName() == null ? router.session() : router.session("user:" + p.getName());
    };
  }
}
