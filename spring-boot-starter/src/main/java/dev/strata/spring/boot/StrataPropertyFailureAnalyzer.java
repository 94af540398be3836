package dev.strata.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link StrataPropertyException} anywhere in a start-up failure into Spring Boot's
 * "APPLICATION FAILED TO START" report: which property, what is wrong, what to do.
 */
public final class StrataPropertyFailureAnalyzer extends AbstractFailureAnalyzer<StrataPropertyException> {

  /** Created by Spring Boot from {@code META-INF/spring.factories}. */
  public StrataPropertyFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, StrataPropertyException cause) {
    return new FailureAnalysis(
        "The property '" + cause.property() + "' is invalid: " + cause.problem(),
        "Correct '" + cause.property() + "' in the application's configuration (see strata-spring-boot-starter's README).",
        cause);
  }
}
