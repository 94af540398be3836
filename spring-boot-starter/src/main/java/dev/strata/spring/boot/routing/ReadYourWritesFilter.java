package dev.strata.spring.boot.routing;

import dev.strata.routing.RoutingDataSource;
import dev.strata.routing.RoutingScope;
import dev.strata.routing.RoutingSession;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Objects;

/**
 * Opens a routing session scope ({@link RoutingSession#scope()}) around each HTTP request: within
 * it, connections that are not read-only go to the primary and advance the session's token when
 * closed, and read-only ones ({@code @Transactional(readOnly = true)}) go to a replica that has
 * replayed the session's writes, else to the primary. Which session a request gets is the
 * {@link RoutingSessionResolver}'s choice.
 */
public final class ReadYourWritesFilter implements Filter {

  private final RoutingDataSource router;
  private final RoutingSessionResolver resolver;

  /**
   * @param router   the application's router
   * @param resolver picks each request's session
   */
  public ReadYourWritesFilter(RoutingDataSource router, RoutingSessionResolver resolver) {
    this.router = Objects.requireNonNull(router, "router");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    RoutingSession session = request instanceof HttpServletRequest http ? resolver.resolve(http, router) : null;
    if (session == null) {
      chain.doFilter(request, response);
      return;
    }
    try (RoutingScope scope = session.scope()) {
      chain.doFilter(request, response);
    }
  }
}
