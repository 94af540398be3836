package dev.strata.examples.bench.workload;

import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.domain.Notification;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts reads that miss their own user's last committed write. A write records, once it has
 * returned (committed), the user's newest draft id and notification id; a read takes the user's
 * recorded versions before it starts and, when it returns, checks that the page shows them: the
 * dashboard a draft at least that new, the notifications page a notification at least that new
 * (ids are increasing, and only the user's own writes add drafts to the user's ventures or
 * notifications for the user). A read that started before the write returned is not expected to
 * see it.
 */
public final class StaleReadAuditor {

  private final ConcurrentHashMap<Long, long[]> versions = new ConcurrentHashMap<>();
  private final LongAdder audited = new LongAdder();
  private final LongAdder stale = new LongAdder();

  /** Records a committed write of {@code userId}. */
  public void committed(long userId, long draftId, long notificationId) {
    versions.merge(userId, new long[] {draftId, notificationId},
        (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
  }

  /** What a read of {@code userId} starting now must show: {draft id, notification id}, 0 for none. */
  public long[] expected(long userId) {
    long[] v = versions.get(userId);
    return v == null ? new long[2] : v;
  }

  /** Checks a dashboard read that started when {@code expected} was taken. */
  public void checkDashboard(long[] expected, Dashboard d) {
    if (expected[0] == 0) {
      return;
    }
    long newest = d.ventures().stream().flatMap(v -> v.recentDrafts().stream()).mapToLong(x -> x.id()).max().orElse(0);
    count(newest >= expected[0]);
  }

  /** Checks a notifications read that started when {@code expected} was taken. */
  public void checkNotifications(long[] expected, List<Notification> page) {
    if (expected[1] == 0) {
      return;
    }
    long newest = page.stream().mapToLong(Notification::id).max().orElse(0);
    count(newest >= expected[1]);
  }

  private void count(boolean fresh) {
    audited.increment();
    if (!fresh) {
      stale.increment();
    }
  }

  /** Reads that depended on a write of their user. */
  public long audited() {
    return audited.sum();
  }

  /** Of those, reads that did not show it. */
  public long stale() {
    return stale.sum();
  }

  /** Zeroes the counts; recorded versions are kept. */
  public void resetCounts() {
    audited.reset();
    stale.reset();
  }
}
