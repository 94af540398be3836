package dev.strata.core.tx;

import java.util.Optional;

/**
 * The outcome of a committed unit of work.
 *
 * @param value   what the work returned (may be null if the work returned null)
 * @param changes what it declared it changed
 * @param token   the read-your-writes token the {@link TokenCapture} read after the commit, empty
 *                when there is no capture or it failed (then read from the primary to see this write)
 * @param <T>     the value's type
 */
public record Committed<T>(T value, ChangeSet changes, Optional<String> token) {

  /** Checks the components (value may be null). */
  public Committed {
    java.util.Objects.requireNonNull(changes, "changes");
    java.util.Objects.requireNonNull(token, "token");
  }
}
