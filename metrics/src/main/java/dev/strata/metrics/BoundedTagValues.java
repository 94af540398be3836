package dev.strata.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admits at most {@code limit} distinct values of one tag and maps any later newcomer to
 * {@value #OTHER}: a guard for tags fed by strings that are fixed today (Redis operation names,
 * store operations) but that this module does not control, so a change elsewhere can never turn
 * into an unbounded number of time series.
 */
final class BoundedTagValues {

  static final String OTHER = "other";

  private final int limit;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  BoundedTagValues(int limit) {
    this.limit = limit;
  }

  /** {@code value} when already admitted or still room, else {@value #OTHER}. */
  String of(String value) {
    if (value == null || value.isBlank()) {
      return OTHER;
    }
    if (admitted.contains(value)) {
      return value;
    }
    synchronized (admitted) {
      if (admitted.size() < limit) {
        admitted.add(value);
        return value;
      }
    }
    return admitted.contains(value) ? value : OTHER;
  }
}
