package dev.strata.vector.internal;

import dev.strata.vector.VectorStatsListener;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a {@link VectorStatsListener} so that its exceptions never reach the caller. */
public final class Listeners {

  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private Listeners() {}

  /** Runs {@code call} on {@code listener}, logging and swallowing what it throws. */
  public static void notify(VectorStatsListener listener, Consumer<VectorStatsListener> call) {
    if (listener == VectorStatsListener.NONE) {
      return;
    }
    try {
      call.accept(listener);
    } catch (RuntimeException e) {
      log.warn("vector stats listener {} threw; ignored", listener.getClass().getName(), e);
    }
  }
}
