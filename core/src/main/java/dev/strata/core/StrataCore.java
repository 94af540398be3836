package dev.strata.core;

import dev.strata.core.content.ContentWorkflow;
import dev.strata.core.context.ContextQueries;
import dev.strata.core.dashboard.DashboardLoader;
import dev.strata.core.dashboard.DashboardQueries;
import dev.strata.core.events.EventLog;
import dev.strata.core.finance.FinancialQueries;
import dev.strata.core.internal.Args;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.schema.StrataSchema;
import dev.strata.core.tx.Transactor;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * core's entry point for a host: everything core offers over one {@link DataSource} (the primary,
 * typically a pool from {@link dev.strata.core.pool.StrataPools}), wired once.
 *
 * <pre>{@code
 * StrataCore core = StrataCore.builder(pool).migrate().build();   // applies the schema migrations first
 * Dashboard d = core.dashboards().load(userId, monthStart, now);  // one round trip
 * core.finance().monthlyHybrid(ventureId, from, to, YearMonth.now(ZoneOffset.UTC));
 * Page<SharedAsset> assets = core.context().sharedAssets(ventureId, null, 50);
 * Committed<ContentCreated> r = core.content().create(newContent);
 * core.outbox().claim(ContentWorkflow.INDEX_TOPIC, 64, Duration.ofMinutes(1));
 * core.eventLog().history(EventStream.CALENDAR, eventId);
 * }</pre>
 *
 * <p>The parts are the per-package classes themselves ({@link DashboardQueries#oneRoundTrip},
 * {@link FinancialQueries#of}, {@link Outbox#builder}, ...), which stay usable directly; this class
 * only builds them over one {@link Jdbi} and shares the outbox and the transactor between the
 * content workflow and the host. Immutable and thread-safe, as its parts are.
 */
public final class StrataCore {

  /** The schema {@link Builder#migrate()} migrates: {@value}. */
  public static final String DEFAULT_SCHEMA = "public";

  private final DataSource dataSource;
  private final Jdbi jdbi;
  private final int migrationsApplied;
  private final DashboardLoader dashboards;
  private final FinancialQueries finance;
  private final ContextQueries context;
  private final Outbox outbox;
  private final EventLog eventLog;
  private final Transactor transactor;
  private final ContentWorkflow content;

  private StrataCore(Builder b, int migrationsApplied) {
    this.dataSource = b.dataSource;
    this.jdbi = StrataJdbi.create(b.dataSource);
    this.migrationsApplied = migrationsApplied;
    this.dashboards = DashboardQueries.oneRoundTrip(jdbi);
    this.finance = FinancialQueries.of(jdbi);
    this.context = ContextQueries.of(jdbi);
    this.outbox = b.outbox != null ? b.outbox : Outbox.builder(b.dataSource).build();
    this.eventLog = EventLog.of(jdbi);
    this.transactor = b.transactor != null ? b.transactor : Transactor.builder().build();
    this.content = ContentWorkflow.builder(jdbi, outbox).transactor(transactor).collection(b.contentCollection).build();
  }

  /** A builder over {@code dataSource}, the primary every part reads and writes through. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The data source everything runs on. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** The {@link Jdbi} the query templates run on, with the domain records' mappers ({@link StrataJdbi}). */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** Migrations {@link Builder#migrate()} applied when this was built (0 when the schema was current or not migrated). */
  public int migrationsApplied() {
    return migrationsApplied;
  }

  /** The one-round-trip dashboard loader ({@link DashboardQueries#oneRoundTrip}). */
  public DashboardLoader dashboards() {
    return dashboards;
  }

  /** Exact financial aggregations, live and hybrid ({@link FinancialQueries}). */
  public FinancialQueries finance() {
    return finance;
  }

  /** Keyset-paginated venture context ({@link ContextQueries}). */
  public ContextQueries context() {
    return context;
  }

  /** The transactional outbox (the given one, or one with the default backoff). */
  public Outbox outbox() {
    return outbox;
  }

  /** The event log of calendar events and notifications. */
  public EventLog eventLog() {
    return eventLog;
  }

  /** The transactor units of work run through (the given one, or one without token capture or listeners). */
  public Transactor transactor() {
    return transactor;
  }

  /** The content workflow, writing through this {@link #outbox()} and {@link #transactor()}. */
  public ContentWorkflow content() {
    return content;
  }

  /**
   * Builds {@link StrataCore}. Each option may be set once (a second call is an
   * {@link IllegalStateException} naming it); a null is a {@link NullPointerException} naming the
   * argument, a bad value an {@link IllegalArgumentException}, both before anything is done.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private final Set<String> set = new HashSet<>();
    private String schema;
    private Outbox outbox;
    private Transactor transactor;
    private String contentCollection = ContentWorkflow.DEFAULT_COLLECTION;

    private Builder(DataSource dataSource) {
      this.dataSource = Args.notNull(dataSource, "dataSource");
    }

    /** Applies Strata's migrations to the public schema in {@link #build()} ({@link StrataSchema#migrate(DataSource)}). */
    public Builder migrate() {
      return migrate(DEFAULT_SCHEMA);
    }

    /** Applies Strata's migrations to {@code schema} (created if missing) in {@link #build()}. */
    public Builder migrate(String schema) {
      Args.schemaName(Args.notNull(schema, "schema"), "schema");
      once("migrate");
      this.schema = schema;
      return this;
    }

    /** The outbox (default: {@code Outbox.builder(dataSource).build()}, backoff 1 s doubling to 5 min). */
    public Builder outbox(Outbox outbox) {
      Args.notNull(outbox, "outbox");
      once("outbox");
      this.outbox = outbox;
      return this;
    }

    /** The transactor of the content workflow (token capture, commit listeners; default: neither). */
    public Builder transactor(Transactor transactor) {
      Args.notNull(transactor, "transactor");
      once("transactor");
      this.transactor = transactor;
      return this;
    }

    /** The vector collection content is indexed into (default {@value ContentWorkflow#DEFAULT_COLLECTION}). */
    public Builder contentCollection(String collection) {
      Args.collectionName(collection, "collection");
      once("contentCollection");
      this.contentCollection = collection;
      return this;
    }

    /**
     * Applies the migrations if asked, then wires the parts.
     *
     * @throws StrataException if a migration fails
     */
    public StrataCore build() {
      int applied = schema == null ? 0 : StrataSchema.migrate(dataSource, schema);
      return new StrataCore(this, applied);
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set on this builder");
      }
    }
  }
}
