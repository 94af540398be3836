package dev.strata.cache.internal;

import dev.strata.cache.CacheListener;
import dev.strata.cache.CacheTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards each event to several listeners in order. Each call is isolated: a listener that throws
 * is logged and skipped, and the ones after it still receive the event.
 */
public final class CompositeListener implements CacheListener {

  private static final Logger log = LoggerFactory.getLogger(CompositeListener.class);

  private final List<CacheListener> listeners;

  private CompositeListener(List<CacheListener> listeners) {
    this.listeners = listeners;
  }

  /** The listeners combined; {@link CacheListener#NONE} for none, the listener itself for one. */
  public static CacheListener of(CacheListener... listeners) {
    Objects.requireNonNull(listeners, "listeners");
    List<CacheListener> list = new ArrayList<>();
    for (int i = 0; i < listeners.length; i++) {
      CacheListener l = Objects.requireNonNull(listeners[i], "listeners[" + i + "]");
      if (l != CacheListener.NONE) {
        list.add(l);
      }
    }
    return list.isEmpty() ? CacheListener.NONE : list.size() == 1 ? list.get(0) : new CompositeListener(List.copyOf(list));
  }

  private void each(Consumer<CacheListener> call) {
    for (CacheListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.warn("cache listener {} threw {}; ignored", l.getClass().getName(), e.toString());
      }
    }
  }

  @Override
  public void onHit(CacheTier tier) {
    each(l -> l.onHit(tier));
  }

  @Override
  public void onMiss(CacheTier tier) {
    each(l -> l.onMiss(tier));
  }

  @Override
  public void onLoad(long nanos, boolean success) {
    each(l -> l.onLoad(nanos, success));
  }

  @Override
  public void onEarlyRecompute() {
    each(CacheListener::onEarlyRecompute);
  }

  @Override
  public void onL2Error(String operation, Throwable error) {
    each(l -> l.onL2Error(operation, error));
  }

  @Override
  public void onRejected(String key, String reason) {
    each(l -> l.onRejected(key, reason));
  }

  @Override
  public void onL1Eviction() {
    each(CacheListener::onL1Eviction);
  }

  @Override
  public void onCircuitOpen() {
    each(CacheListener::onCircuitOpen);
  }

  @Override
  public void onCircuitClose() {
    each(CacheListener::onCircuitClose);
  }

  @Override
  public void onL1Cleared(String reason) {
    each(l -> l.onL1Cleared(reason));
  }
}
