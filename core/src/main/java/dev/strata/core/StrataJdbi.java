package dev.strata.core;

import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.FinancialRecord;
import dev.strata.core.domain.Notification;
import dev.strata.core.domain.SharedAsset;
import dev.strata.core.domain.SocialPost;
import dev.strata.core.domain.User;
import dev.strata.core.domain.Venture;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Creates the {@link Jdbi} instances Strata's query templates run on. */
public final class StrataJdbi {

  private StrataJdbi() {}

  /**
   * A Jdbi over {@code dataSource} (typically a pool from {@link dev.strata.core.pool.StrataPools}).
   * Java records map by constructor, {@code java.time} types map natively through pgjdbc.
   */
  public static Jdbi create(DataSource dataSource) {
    return configure(Jdbi.create(Objects.requireNonNull(dataSource, "dataSource")));
  }

  /** Registers the domain records' row mappers on an existing {@code jdbi} (returns it). */
  public static Jdbi configure(Jdbi jdbi) {
    Objects.requireNonNull(jdbi, "jdbi");
    for (Class<?> type : new Class<?>[] {User.class, Venture.class, FinancialRecord.class, ContentDraft.class,
        SocialPost.class, CalendarEvent.class, SharedAsset.class, Notification.class}) {
      jdbi.registerRowMapper(ConstructorMapper.factory(type));
    }
    return jdbi;
  }
}
