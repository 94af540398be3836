package dev.strata.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.core.StrataJdbi;
import dev.strata.core.dashboard.DashboardLoader;
import dev.strata.core.dashboard.DashboardQueries;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.dataset.DatasetSummary;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class StatementCounterIT {

  @Test
  void counter_seesNaiveOnePlusFourPerVenture_andOneForOneRoundTrip(TestDatabase db) throws Exception {
    StrataSchema.migrate(db.dataSource());
    DatasetSummary s = DatasetGenerator.builder().seed(3).users(20).build().generate(db.dataSource());
    StatementCounter counter = new StatementCounter();
    Jdbi jdbi = StrataJdbi.create(counter.wrap(db.dataSource()));
    DashboardLoader naive = DashboardQueries.naive(jdbi);
    DashboardLoader single = DashboardQueries.oneRoundTrip(jdbi);
    for (long user = s.firstUserId(); user <= s.lastUserId(); user++) {
      long active;
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ventures WHERE user_id = ? AND is_active")) {
        ps.setLong(1, user);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          active = rs.getLong(1);
        }
      }
      counter.reset();
      naive.load(user, s.baseTime().toLocalDate().withDayOfMonth(1), s.baseTime());
      assertEquals(1 + 4 * active, counter.count(), "naive, user " + user);
      counter.reset();
      single.load(user, s.baseTime().toLocalDate().withDayOfMonth(1), s.baseTime());
      assertEquals(1, counter.count(), "one round trip, user " + user);
    }
  }
}
