package dev.strata.examples.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A notes service on the Strata starter: {@code strata.*} in application.yml makes the router the
 * DataSource and the TieredCache the CacheManager; the services only use Spring's annotations.
 */
@SpringBootApplication
@EnableCaching
public class ExampleApplication {

  /** The request header that names the user; see {@link #demoUser()}. */
  public static final String USER_HEADER = "X-User";

  /** Created by Spring. */
  public ExampleApplication() {}

  /** Runs the application with the configuration found by Spring Boot (application.yml, environment). */
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  /**
   * Stands in for Spring Security in this example: the {@value #USER_HEADER} header becomes the
   * request's principal. It runs before the starter's read-your-writes filter (order 0), which keys
   * the routing session by the principal ({@code strata.routing.read-your-writes: user}). Never
   * trust a header like this in a real application.
   */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> demoUser() {
    OncePerRequestFilter filter = new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
          jakarta.servlet.FilterChain chain) throws jakarta.servlet.ServletException, java.io.IOException {
        String user = request.getHeader(USER_HEADER);
        if (user == null || user.isBlank()) {
          chain.doFilter(request, response);
          return;
        }
        Principal principal = () -> user;
        chain.doFilter(new HttpServletRequestWrapper(request) {
          @Override
          public Principal getUserPrincipal() {
            return principal;
          }
        }, response);
      }
    };
    FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(filter);
    reg.setOrder(-100);
    return reg;
  }
}
