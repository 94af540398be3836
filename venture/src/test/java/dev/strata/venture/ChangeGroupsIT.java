package dev.strata.venture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.core.StrataJdbi;
import dev.strata.core.tx.ChangeSet;
import dev.strata.core.tx.Transactor;
import dev.strata.core.tx.UnitOfWork;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The change set → groups table of {@link ChangeGroups}, row by row. Change sets are made the only way
 * there is, by committing a unit of work (it declares what it changed and writes nothing).
 */
@ExtendWith(PostgresExtension.class)
class ChangeGroupsIT {

  private static final ChangeGroups.Change CONTENT = ChangeGroups.Change.CONTENT;
  private static final ChangeGroups.Change INVALIDATE = ChangeGroups.Change.INVALIDATE;
  private static Jdbi jdbi;

  @BeforeAll
  static void database(TestDatabase db) {
    jdbi = StrataJdbi.create(db.dataSource());
  }

  private static ChangeSet declared(Consumer<UnitOfWork> what) {
    return Transactor.builder().build().inTransaction(jdbi, (h, unit) -> {
      what.accept(unit);
      return null;
    }).changes();
  }

  @Test
  void contentOnly_patchesVentureAndOwner_leavesFinanceAlone() {
    assertEquals(Map.of("venture:4", CONTENT, "user:7", CONTENT), ChangeGroups.of(declared(u -> u.changed().venture(4, 7)
        .entity("content_drafts", 1).entity("calendar_events", 2).entity("notifications", 3)
        .entity("content_asset_usage", 4).entity("strata_outbox", 5))));
  }

  @Test
  void financialRecords_invalidateFinanceAndOwner_notTheVenturesContent() {
    assertEquals(Map.of("venture:4:finance", INVALIDATE, "user:7", INVALIDATE),
        ChangeGroups.of(declared(u -> u.changed().venture(4, 7).entity("financial_records", 9))));
  }

  @Test
  void otherTablesOrNoneDeclared_invalidateEverything() {
    Map<String, ChangeGroups.Change> all = Map.of("venture:4", INVALIDATE, "venture:4:finance", INVALIDATE,
        "user:7", INVALIDATE);
    assertEquals(all, ChangeGroups.of(declared(u -> u.changed().venture(4, 7))), "a new venture, a rename...");
    assertEquals(all, ChangeGroups.of(declared(u -> u.changed().venture(4, 7).entity("ventures", 4))));
    assertEquals(all, ChangeGroups.of(declared(u -> u.changed().venture(4, 7).entity("content_drafts", 1)
        .entity("financial_records", 9))), "content with figures");
  }

  @Test
  void aUserWhoOwnsNoChangedVenture_isInvalidated_evenForContentTables() {
    assertEquals(Map.of("venture:4", CONTENT, "user:7", CONTENT, "user:8", INVALIDATE), ChangeGroups.of(declared(
        u -> u.changed().venture(4, 7).user(8).entity("notifications", 3))));
    assertEquals(Map.of("user:8", INVALIDATE), ChangeGroups.of(declared(u -> u.changed().user(8)
        .entity("notifications", 3))), "notifications marked read");
  }
}
