package dev.strata.venture;

import dev.strata.cache.GroupUpdate;
import dev.strata.cache.TieredCache;
import dev.strata.cache.ValueType;
import dev.strata.core.content.ContentCreated;
import dev.strata.core.dashboard.Dashboard;
import dev.strata.core.domain.Notification;
import dev.strata.core.tx.ChangeSet;
import dev.strata.core.tx.CommitListener;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every committed {@link ChangeSet} into the owner-only invalidations of {@link VentureKeys},
 * on every instance: the groups {@link ChangeGroups} names for it (a changed venture's group and/or
 * its finance group, each changed user's group, owners of changed ventures included), each with the
 * commit's WAL position as the group's fence, so the reloads of {@link VentureReads} read a source
 * that has replayed the write. Content created through {@link VentureWrites#createContent} is written
 * through instead ({@link #contentCreated}): the cached pages are patched with the inserted rows.
 *
 * <pre>{@code
 * Transactor tx = Transactor.builder().tokenCapture(TokenCapture.walInsertLsn())
 *     .onCommitted(VentureCacheBinding.of(cache)).build();
 * }</pre>
 *
 * <p>The fence is the token the transactor's {@code TokenCapture} read after the commit. When that
 * read failed (the token is empty) the binding asks its fallback for the primary's current position,
 * which is past the commit; when that fails too it invalidates without a fence, logs a warning and
 * counts it ({@link #unfencedInvalidations()}): reloads may then read a replica that has not replayed
 * the write yet (within the router's lag bounds) and cache it. Thread-safe.
 */
public final class VentureCacheBinding implements CommitListener {

  private static final Logger log = LoggerFactory.getLogger(VentureCacheBinding.class);

  private static final ValueType<List<Notification>> NOTIFICATIONS = ValueType.listOf(Notification.class);

  private final TieredCache cache;
  private final Supplier<Optional<String>> fallbackPosition;
  private final Clock clock;
  private final LongAdder unfenced = new LongAdder();
  private final LongAdder patched = new LongAdder();

  private VentureCacheBinding(TieredCache cache, Supplier<Optional<String>> fallbackPosition, Clock clock) {
    this.cache = cache;
    this.fallbackPosition = fallbackPosition;
    this.clock = clock;
  }

  /** A binding without a fallback position: a commit without a token invalidates unfenced. */
  public static VentureCacheBinding of(TieredCache cache) {
    return of(cache, Optional::empty);
  }

  /**
   * A binding that asks {@code fallbackPosition} for a WAL position past the commit (e.g. the end of
   * the primary's WAL, {@code ConsistencyToken.current(connection).toString()}) when a commit comes
   * without a token.
   */
  public static VentureCacheBinding of(TieredCache cache, Supplier<Optional<String>> fallbackPosition) {
    return of(cache, fallbackPosition, Clock.systemDefaultZone());
  }

  /** With the clock of the reads' "this month" and "now" (the dashboard's key and its upcoming events). */
  static VentureCacheBinding of(TieredCache cache, Supplier<Optional<String>> fallbackPosition, Clock clock) {
    return new VentureCacheBinding(Objects.requireNonNull(cache, "cache"),
        Objects.requireNonNull(fallbackPosition, "fallbackPosition"), Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public void committed(ChangeSet changes, Optional<String> token) {
    if (changes.users().isEmpty() && changes.ventures().isEmpty()) {
      return;
    }
    long fence = fence(token);
    ChangeGroups.of(changes).keySet().forEach(group -> cache.invalidateGroup(group, fence));
  }

  /**
   * After {@code ContentWorkflow.create} committed {@code created}: the groups {@link ChangeGroups}
   * marks as content-only are written through with its rows ({@code TieredCache.updateGroup}, fenced at
   * the commit's position) — the venture's context (drafts, first page of events), the owner's
   * dashboard of this month (the venture's drafts and upcoming events), the owner's unread
   * notifications (first page), the owner's venture list kept — the others invalidated. A group whose
   * patch cannot be applied (a concurrent write or refill, Redis unreachable) is invalidated by the
   * cache itself. Never throws: a failure falls back to {@link #committed}.
   */
  void contentCreated(ContentCreated created, ChangeSet changes, Optional<String> token) {
    try {
      long fence = fence(token);
      String venture = VentureKeys.ventureGroup(created.draft().ventureId());
      String owner = VentureKeys.userGroup(created.ownerId());
      OffsetDateTime now = OffsetDateTime.now(clock);
      String dashboard = VentureKeys.dashboardName(LocalDate.now(clock).withDayOfMonth(1));
      Map<String, Map<String, GroupUpdate<?>>> patches = new LinkedHashMap<>();
      ChangeGroups.of(changes).forEach((group, change) -> {
        Map<String, GroupUpdate<?>> updates = change != ChangeGroups.Change.CONTENT ? null
            : group.equals(venture) ? Map.of(VentureKeys.CONTEXT,
                GroupUpdate.patch(VentureContext.class, x -> ContentPatches.context(x, created)))
            : group.equals(owner) ? Map.of(
                dashboard, GroupUpdate.patch(Dashboard.class, d -> ContentPatches.dashboard(d, created, now)),
                VentureKeys.NOTIFICATIONS, GroupUpdate.patch(NOTIFICATIONS,
                    p -> ContentPatches.unreadNotifications(p, created.ownerId(), created)),
                VentureKeys.VENTURES, GroupUpdate.keep())
            : null;
        if (updates == null) {
          cache.invalidateGroup(group, fence);
        } else {
          patches.put(group, updates);
        }
      });
      patched.add(cache.updateGroups(fence, patches).size()); // both groups in two round trips
    } catch (RuntimeException e) {
      log.warn("writing created content through to the cache failed; invalidating instead: {}", e.toString());
      committed(changes, token);
    }
  }

  /** Groups {@link #contentCreated} patched (the others it invalidated). */
  public long patchedGroups() {
    return patched.sum();
  }

  /** Commits whose invalidations went out without a fence (no token and no fallback position). */
  public long unfencedInvalidations() {
    return unfenced.sum();
  }

  private long fence(Optional<String> token) {
    Optional<String> position = token;
    if (position.isEmpty()) {
      try {
        position = fallbackPosition.get();
      } catch (RuntimeException e) {
        log.warn("no WAL position for a committed write: {}", e.toString());
        position = Optional.empty();
      }
    }
    if (position.isPresent()) {
      return Positions.fenceOf(position.get());
    }
    unfenced.increment();
    log.warn("a committed write has no WAL position; its cache invalidations carry no fence and a reload may "
        + "read a replica that has not replayed it yet");
    return 0;
  }
}
