package dev.strata.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/** Where the testkit's extensions keep what lives as long as a test class: its class-level context. */
final class ClassContexts {

  private ClassContexts() {}

  /**
   * The context of the test class {@code context} belongs to (a method's context has its class's
   * as parent).
   *
   * @throws ParameterResolutionException naming {@code what} outside a test class
   */
  static ExtensionContext of(ExtensionContext context, String what) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    if (c.getTestClass().isEmpty()) {
      throw new ParameterResolutionException(what + " is only available inside a test class");
    }
    return c;
  }
}
