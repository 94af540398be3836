package dev.strata.venture;

import dev.strata.cache.TieredCache;
import dev.strata.core.tx.ChangeSet;
import dev.strata.core.tx.CommitListener;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every committed {@link ChangeSet} into the owner-only invalidations of {@link VentureKeys},
 * on every instance: for each changed venture its group, for each changed user (owners of changed
 * ventures included) their group, each with the commit's WAL position as the group's fence, so the
 * reloads of {@link VentureReads} read a source that has replayed the write.
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

  private final TieredCache cache;
  private final Supplier<Optional<String>> fallbackPosition;
  private final LongAdder unfenced = new LongAdder();

  private VentureCacheBinding(TieredCache cache, Supplier<Optional<String>> fallbackPosition) {
    this.cache = cache;
    this.fallbackPosition = fallbackPosition;
  }

  /** A binding without a fallback position: a commit without a token invalidates unfenced. */
  public static VentureCacheBinding of(TieredCache cache) {
    return of(cache, Optional::empty);
  }

  /**
   * A binding that asks {@code fallbackPosition} for a WAL position past the commit (e.g. the
   * primary's {@code pg_current_wal_insert_lsn()}) when a commit comes without a token.
   */
  public static VentureCacheBinding of(TieredCache cache, Supplier<Optional<String>> fallbackPosition) {
    return new VentureCacheBinding(Objects.requireNonNull(cache, "cache"),
        Objects.requireNonNull(fallbackPosition, "fallbackPosition"));
  }

  @Override
  public void committed(ChangeSet changes, Optional<String> token) {
    if (changes.users().isEmpty() && changes.ventures().isEmpty()) {
      return;
    }
    long fence = fence(token);
    for (Map.Entry<Long, Long> v : changes.ventureOwners().entrySet()) {
      cache.invalidateGroup(VentureKeys.ventureGroup(v.getKey()), fence);
    }
    for (long user : changes.users()) {
      cache.invalidateGroup(VentureKeys.userGroup(user), fence);
    }
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
