package dev.strata.examples.bench.workload;

import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.dashboard.VentureDashboard;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.Notification;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Counts reads that miss their own user's last committed write. A write records, once it has
 * returned (committed), the user's newest draft and notification rows (newest by id); a read takes
 * the user's recorded rows before it starts and, when it returns, checks that the page shows them.
 * Pages are ordered newest first by {@code created_at} (the writing transaction's start), then id,
 * and cut at a fixed size, so a correct page either shows the expected row or is full of rows that
 * sort above it: a write that started earlier but committed later than ten others of the same venture
 * can rightly fall off a page, which a check by id alone would count as stale. The dashboard is
 * checked on the draft's venture (its 10 most recent drafts), the notifications page (its newest
 * {@value Workload#PAGE} unread) on the notification. A read that started before the write returned
 * is not expected to see it.
 */
public final class StaleReadAuditor {

  /** Drafts a venture shows on the dashboard. */
  static final int DASHBOARD_DRAFTS = 10;
  private static final int SAMPLES = 5;
  private static final Comparator<OffsetDateTime> TIME = Comparator.comparing(OffsetDateTime::toInstant);

  /** What a read of a user must show: the newest committed draft and notification, each absent when none. */
  public record Expected(Optional<ContentDraft> draft, Optional<Notification> notification) {
    static final Expected NONE = new Expected(Optional.empty(), Optional.empty());
  }

  private final ConcurrentHashMap<Long, Expected> versions = new ConcurrentHashMap<>();
  private final LongAdder audited = new LongAdder();
  private final LongAdder stale = new LongAdder();
  private final List<String> samples = new CopyOnWriteArrayList<>();

  /** Records a committed write of {@code userId}: the draft and the notification it inserted. */
  public void committed(long userId, ContentDraft draft, Notification notification) {
    versions.merge(userId, new Expected(Optional.of(draft), Optional.of(notification)),
        (a, b) -> new Expected(newer(a.draft(), b.draft(), ContentDraft::id), newer(a.notification(), b.notification(), Notification::id)));
  }

  private static <T> Optional<T> newer(Optional<T> a, Optional<T> b, ToLongFunction<T> id) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && id.applyAsLong(b.get()) > id.applyAsLong(a.get()) ? b : a;
  }

  /** What a read of {@code userId} starting now must show. */
  public Expected expected(long userId) {
    return versions.getOrDefault(userId, Expected.NONE);
  }

  /** Checks a dashboard read that started when {@code expected} was taken. */
  public void checkDashboard(Expected expected, Dashboard d) {
    if (expected.draft().isEmpty()) {
      return;
    }
    ContentDraft want = expected.draft().get();
    List<ContentDraft> shown = d.ventures().stream().filter(v -> v.venture().id() == want.ventureId()).findFirst()
        .map(VentureDashboard::recentDrafts).orElse(List.of());
    boolean fresh = shows(shown, want.id(), DASHBOARD_DRAFTS, ContentDraft::id, ContentDraft::createdAt, want.createdAt());
    count(fresh, () -> "dashboard of user " + d.userId() + " misses draft " + want.id() + " (created " + want.createdAt()
        + ") of venture " + want.ventureId() + "; shows " + shown.stream().map(x -> x.id() + "@" + x.createdAt()).toList());
  }

  /** Checks a notifications read that started when {@code expected} was taken. */
  public void checkNotifications(Expected expected, List<Notification> page) {
    if (expected.notification().isEmpty()) {
      return;
    }
    Notification want = expected.notification().get();
    boolean fresh = shows(page, want.id(), Workload.PAGE, Notification::id, Notification::createdAt, want.createdAt());
    count(fresh, () -> "notifications of user " + want.userId() + " miss " + want.id() + " (created " + want.createdAt()
        + "); show " + page.stream().map(x -> x.id() + "@" + x.createdAt()).toList());
  }

  /**
   * Whether a page cut at {@code size} rows, newest first by (created at, id), is consistent with
   * row {@code id} existing: it shows the row, or it is full and its last row sorts above it.
   */
  static <T> boolean shows(List<T> page, long id, int size, ToLongFunction<T> ids,
      Function<T, OffsetDateTime> created, OffsetDateTime createdAt) {
    if (page.stream().anyMatch(x -> ids.applyAsLong(x) == id)) {
      return true;
    }
    if (page.size() < size) {
      return false;
    }
    T last = page.get(page.size() - 1);
    int byTime = TIME.compare(created.apply(last), createdAt);
    return byTime > 0 || byTime == 0 && ids.applyAsLong(last) > id;
  }

  private void count(boolean fresh, Supplier<String> why) {
    audited.increment();
    if (!fresh) {
      stale.increment();
      if (samples.size() < SAMPLES) {
        samples.add(why.get());
      }
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

  /** The first few stale reads, described (the expected row and what the page showed). */
  public List<String> samples() {
    return List.copyOf(samples);
  }

  /** Zeroes the counts and samples; recorded rows are kept. */
  public void resetCounts() {
    audited.reset();
    stale.reset();
    samples.clear();
  }
}
