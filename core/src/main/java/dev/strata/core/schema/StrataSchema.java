package dev.strata.core.schema;

import dev.strata.core.StrataException;
import dev.strata.core.internal.Args;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies Strata's versioned migrations (shipped in this jar under {@value #LOCATION}) with Flyway.
 *
 * <p>Hosts that use Flyway themselves can add {@value #LOCATION} to their own locations instead. The
 * history is kept in its own table, {@value #HISTORY_TABLE}, so it never mixes with the host's.
 * Applying is idempotent: a second call finds nothing pending and changes nothing.
 */
public final class StrataSchema {

  /** Classpath location of the migration scripts. */
  public static final String LOCATION = "classpath:db/strata/migration";
  /** Flyway history table used by Strata. */
  public static final String HISTORY_TABLE = "strata_schema_history";

  private static final Logger log = LoggerFactory.getLogger(StrataSchema.class);

  private StrataSchema() {}

  /**
   * Applies pending migrations to the default schema ({@code public}) of {@code dataSource}.
   *
   * @return the number of migrations applied by this call (0 when up to date)
   * @throws StrataException if a migration fails (the cause is Flyway's exception)
   */
  public static int migrate(DataSource dataSource) {
    return migrate(dataSource, "public");
  }

  /**
   * Applies pending migrations to {@code schema} (created if missing) of {@code dataSource}.
   *
   * @return the number of migrations applied by this call (0 when up to date)
   */
  public static int migrate(DataSource dataSource, String schema) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(schema, "schema");
    Args.schemaName(schema, "schema");
    try {
      MigrateResult result = Flyway.configure()
          .dataSource(dataSource)
          .locations(LOCATION)
          .table(HISTORY_TABLE)
          .schemas(schema)
          .defaultSchema(schema)
          .createSchemas(true)
          .load()
          .migrate();
      log.info("Strata schema '{}' at version {} ({} migration(s) applied)", schema, result.targetSchemaVersion,
          result.migrationsExecuted);
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      throw new StrataException("Strata schema migration failed for schema " + schema + ": " + e.getMessage(), e);
    }
  }
}
