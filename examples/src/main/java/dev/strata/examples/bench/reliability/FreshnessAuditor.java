package dev.strata.examples.bench.reliability;

import dev.strata.core.domain.ContentDraft;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a read must show. Each venture's content is written only by its owner, through the owner's
 * home instance; every write that returned records (when it returned, the draft id). A read that
 * begins at {@code t} must show, among the venture's newest drafts, one at least as new as
 * <ul>
 *   <li>on the writer's instance: every draft whose write returned before {@code t} (the user sees
 *       its own committed writes, at once);</li>
 *   <li>on the other instance: every draft whose write returned before {@code t - bound}, the bound
 *       being the cache's stated staleness bound for another instance's L1 (see {@link ReliabilityRun}).</li>
 * </ul>
 * Draft ids grow with each insert and only the owner adds drafts to a venture, so "the newest draft
 * shown is at least the expected id" is the check.
 */
final class FreshnessAuditor {

  /** Writes older than this are folded into a venture's floor (reads never look further back). */
  private final long horizonNanos;
  private final ConcurrentHashMap<Long, History> written = new ConcurrentHashMap<>();
  private final List<Long> allCommitted = new ArrayList<>();

  /** @param horizonNanos longer than any read and the staleness bound together */
  FreshnessAuditor(long horizonNanos) {
    this.horizonNanos = horizonNanos;
  }

  /** One venture's returned writes: recent ones with their times, older ones as the newest id among them. */
  private static final class History {
    long floor;
    final List<long[]> recent = new ArrayList<>();
  }

  /** Records a write of {@code ventureId} that returned at {@code returnedNanos}. */
  void committed(long ventureId, long draftId, long returnedNanos) {
    History h = written.computeIfAbsent(ventureId, v -> new History());
    synchronized (h) {
      h.recent.removeIf(w -> {
        boolean old = returnedNanos - w[0] > horizonNanos;
        if (old) {
          h.floor = Math.max(h.floor, w[1]);
        }
        return old;
      });
      h.recent.add(new long[] {returnedNanos, draftId});
    }
    synchronized (allCommitted) {
      allCommitted.add(draftId);
    }
  }

  /** The newest draft of {@code ventureId} whose write returned at or before {@code cutoffNanos}; 0 for none. */
  long expected(long ventureId, long cutoffNanos) {
    History h = written.get(ventureId);
    if (h == null) {
      return 0;
    }
    synchronized (h) {
      long max = h.floor;
      for (long[] w : h.recent) {
        if (w[0] <= cutoffNanos && w[1] > max) {
          max = w[1];
        }
      }
      return max;
    }
  }

  /** How long before {@code atNanos} the write of {@code draftId} returned (for reports); -1 if unknown. */
  long ageMillis(long draftId, long atNanos) {
    for (History h : written.values()) {
      synchronized (h) {
        for (long[] w : h.recent) {
          if (w[1] == draftId) {
            return (atNanos - w[0]) / 1_000_000;
          }
        }
      }
    }
    return -1;
  }

  /** Every draft id a write returned, all ventures. */
  List<Long> allCommitted() {
    synchronized (allCommitted) {
      return List.copyOf(allCommitted);
    }
  }

  /** Whether {@code drafts} (newest first) show {@code expected}: the newest id shown is at least it. */
  static boolean shows(List<ContentDraft> drafts, long expected) {
    return expected == 0 || drafts.stream().mapToLong(ContentDraft::id).max().orElse(0) >= expected;
  }
}
