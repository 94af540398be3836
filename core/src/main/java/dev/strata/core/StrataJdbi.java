package dev.strata.core;

import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** Creates the {@link Jdbi} instances Strata's query templates run on. */
public final class StrataJdbi {

  private StrataJdbi() {}

  /**
   * A Jdbi over {@code dataSource} (typically a pool from {@link dev.strata.core.pool.StrataPools}).
   * Java records map by constructor, {@code java.time} types map natively through pgjdbc.
   */
  public static Jdbi create(DataSource dataSource) {
    return Jdbi.create(Objects.requireNonNull(dataSource, "dataSource"));
  }
}
