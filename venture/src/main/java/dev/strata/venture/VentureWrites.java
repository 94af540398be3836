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
import dev.strata.routing.RoutingDataSource;
import java.sql.ResultSet;
import java.sql.Statement;
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

  private VentureWrites(RoutingDataSource router, TieredCache cache, Outbox outbox) {
    this.binding = VentureCacheBinding.of(cache, () -> primaryPosition(router));
    this.transactor = Transactor.builder().tokenCapture(TokenCapture.walInsertLsn()).onCommitted(binding).build();
    Jdbi jdbi = StrataJdbi.create(router);
    this.content = ContentWorkflow.builder(jdbi, outbox).transactor(transactor).build();
  }

  /** Writes through {@code router} (its primary), invalidating {@code cache}; the outbox is the router's too. */
  public static VentureWrites create(RoutingDataSource router, TieredCache cache) {
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(cache, "cache");
    return new VentureWrites(router, cache, Outbox.builder(router).build());
  }

  /**
   * Creates content in one transaction (core's {@link ContentWorkflow}: draft, calendar event, the
   * owner's notification, asset usage, the vector-indexing job) and, after the commit, invalidates the
   * venture's and its owner's groups fenced at the commit's position.
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
    try {
      return content.create(newContent);
    } catch (InDoubtCommitException e) {
      // it may have committed: invalidate what it would have changed (a needless miss at worst)
      binding.committed(e.changes(), Optional.empty());
      throw e;
    }
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
      return Optional.of(router.write(c -> {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
          rs.next();
          return rs.getString(1);
        }
      }));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("reading the primary's WAL position failed: " + e.getMessage(), e);
    }
  }
}
