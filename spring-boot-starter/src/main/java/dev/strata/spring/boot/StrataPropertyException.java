package dev.strata.spring.boot;

import java.util.Objects;

/**
 * A {@code strata.*} property that cannot be used, thrown while the application context starts. The
 * message names the property and what is wrong with it; it never carries a password (values of
 * secret properties are never quoted). Spring Boot's start-up report shows it through
 * {@link StrataPropertyFailureAnalyzer}.
 */
public final class StrataPropertyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String property;
  private final String problem;

  /**
   * @param property the full property name, e.g. {@code strata.routing.primary.url}
   * @param problem  what is wrong, e.g. {@code must start with jdbc:postgresql:, was: mysql://db}
   */
  public StrataPropertyException(String property, String problem) {
    super("Invalid property " + Objects.requireNonNull(property, "property") + ": " + Objects.requireNonNull(problem, "problem"));
    this.property = property;
    this.problem = problem;
  }

  /** The full name of the invalid property. */
  public String property() {
    return property;
  }

  /** What is wrong with its value. */
  public String problem() {
    return problem;
  }
}
