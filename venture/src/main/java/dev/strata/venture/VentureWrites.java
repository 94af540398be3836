package dev.strata.venture;

import dev.strata.cache.TieredCache;
import dev.strata.core.StrataJdbi;
import dev.strata.core.content.ContentCreated;
import dev.strata.core.content.ContentWorkflow;
import dev.strata.core.content.NewContent;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.tx.Committed;
import dev.strata.core.tx.InDoubtCommitException;
import dev.strata.core.tx.TokenCapture;
import dev.strata.core.tx.Transactor;
import dev.strata.routing.ConsistencyToken;
import dev.strata.routing.RoutingDataSource;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The venture product's writes, bound to its cache: every unit of work run by {@link #transactor()}
 * reads its WAL position after the commit and hands it with its change set to a
 * {@link VentureCacheBinding}, so a commit invalidates exactly the changed ventures' groups and their
 * owners' groups on every instance, fenced at the commit's position, before the call returns.
 *
 * <pre>{@code
 * VentureWrites writes = VentureWrites.create(router, cache);
 * Committed<ContentCreated> r = writes.createContent(new NewContent(ventureId, "Launch", body, at, List.of()));
 * r.value().draftId(); r.token();   // the token: router.session().advance(ConsistencyToken.parse(...))
 * }</pre>
 *
 * <p>Writes go through the router (to its primary). A failure rolls everything back and invalidates
 * nothing; an after-commit failure (a throwing listener, Redis down) never turns a committed write
 * into an exception. Thread-safe.
 */
public final class VentureWrites {

  private final Transactor transactor;
  private final VentureCacheBinding binding;
  private final ContentWorkflow content;

  private VentureWrites(RoutingDataSource router, TieredCache cache, Outbox outbox, Clock clock) {
    this.binding = VentureCacheBinding.of(cache, () -> primaryPosition(router), clock);
    this.transactor = Transactor.builder().tokenCapture(TokenCapture.walInsertLsn()).onCommitted(binding).build();
    Jdbi jdbi = StrataJdbi.create(router);
    // no listener: createContent hands the committed rows to the binding itself, to patch the pages
    this.content = ContentWorkflow.builder(jdbi, outbox)
        .transactor(Transactor.builder().tokenCapture(TokenCapture.walInsertLsn()).build()).build();
  }

  /** Writes through {@code router} (its primary), invalidating {@code cache}; the outbox is the router's too. */
  public static VentureWrites create(RoutingDataSource router, TieredCache cache) {
    return create(router, cache, Clock.systemDefaultZone());
  }

  /**
   * {@link #create(RoutingDataSource, TieredCache)} with the clock of the reads' "this month" and
   * "now" ({@link VentureReads.Builder#clock}): give both the same one, so that content written
   * through patches the dashboard the reads cache.
   */
  public static VentureWrites create(RoutingDataSource router, TieredCache cache, Clock clock) {
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(clock, "clock");
    return new VentureWrites(router, cache, Outbox.builder(router).build(), clock);
  }

  /**
   * Creates content in one transaction (core's {@link ContentWorkflow}: draft, calendar event, the
   * owner's notification, asset usage, the vector-indexing job) and, after the commit, writes the rows
   * through to the venture's and its owner's cached pages, fenced at the commit's position
   * ({@link VentureCacheBinding#contentCreated}; a page that cannot be patched is invalidated). The
   * venture's financial figures and the owner's venture list stay cached.
   *
   * @return the ids written, the change set and the read-your-writes token
   * @throws IllegalArgumentException if the venture does not exist or an asset is not one of its own
   *     (nothing written, nothing invalidated)
   * @throws dev.strata.core.tx.DatabaseUnavailableException if the primary could not be reached or the
   *     connection failed before the commit (nothing written, safe to retry)
   * @throws InDoubtCommitException if the connection failed during the commit: the write may have
   *     committed; its groups are invalidated all the same (without a fence when the primary cannot
   *     say its position)
   */
  public Committed<ContentCreated> createContent(NewContent newContent) {
    Objects.requireNonNull(newContent, "newContent");
    Committed<ContentCreated> r;
    try {
      r = content.create(newContent);
    } catch (InDoubtCommitException e) {
      // it may have committed: invalidate what it would have changed (a needless miss at worst)
      binding.committed(e.changes(), Optional.empty());
      throw e;
    }
    binding.contentCreated(r.value(), r.changes(), r.token());
    return r;
  }

  /**
   * The transactor of this layer, for a host's own units of work: declare what changed with
   * {@code unit.changed().venture(id, owner)} / {@code .user(id)} and the binding invalidates it after
   * the commit. Use it over the router: {@code transactor().inTransaction(StrataJdbi.create(router), work)}.
   */
  public Transactor transactor() {
    return transactor;
  }

  /** The binding every commit of {@link #transactor()} goes through. */
  public VentureCacheBinding binding() {
    return binding;
  }

  /** The primary's current WAL position: past any commit made before (the binding's fallback). */
  private static Optional<String> primaryPosition(RoutingDataSource router) {
    try {
      return Optional.of(router.write(c -> ConsistencyToken.current(c).toString()));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("reading the primary's WAL position failed: " + e.getMessage(), e);
    }
  }
}
