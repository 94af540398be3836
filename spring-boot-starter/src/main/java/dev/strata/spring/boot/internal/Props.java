package dev.strata.spring.boot.internal;

import dev.strata.spring.boot.StrataPropertyException;
import java.util.function.Consumer;

/** Applies one property to a builder, turning the builder's refusal into an error naming the property. */
public final class Props {

  private Props() {}

  /** Calls {@code setter} with {@code value} unless it is null; a refusal names {@code property}. */
  public static <T> void apply(String property, T value, Consumer<T> setter) {
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException | NullPointerException | IllegalStateException e) {
      throw new StrataPropertyException(property, Secrets.maskUri(String.valueOf(e.getMessage())));
    }
  }

  /** Fails naming {@code property} when {@code value} is null or blank. */
  public static String required(String property, String value) {
    if (value == null || value.isBlank()) {
      throw new StrataPropertyException(property, "must be set");
    }
    return value;
  }
}
