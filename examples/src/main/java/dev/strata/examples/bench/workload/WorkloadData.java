package dev.strata.examples.bench.workload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The dataset as the workload sees it: the users in id order, each with its active ventures, and
 * the dataset's "now" (the generator's base time, so every run asks for the same rows).
 *
 * @param userIds    every user, ascending
 * @param ventures   per user (same index as {@code userIds}), its active ventures ascending
 * @param now        the dataset's "now"
 */
public record WorkloadData(long[] userIds, long[][] ventures, OffsetDateTime now) {

  /** First day of the current month: the dashboard's income window starts here. */
  public LocalDate monthStart() {
    return now.toLocalDate().withDayOfMonth(1);
  }

  /** The current month. */
  public YearMonth month() {
    return YearMonth.from(now);
  }

  /** Reads users and active ventures from {@code dataSource}. */
  public static WorkloadData load(DataSource dataSource, OffsetDateTime now) throws SQLException {
    Map<Long, List<Long>> byUser = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users ORDER BY id"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byUser.put(rs.getLong(1), new ArrayList<>());
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT user_id, id FROM ventures WHERE is_active ORDER BY user_id, id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byUser.get(rs.getLong(1)).add(rs.getLong(2));
        }
      }
    }
    long[] users = new long[byUser.size()];
    long[][] ventures = new long[byUser.size()][];
    int i = 0;
    for (Map.Entry<Long, List<Long>> e : byUser.entrySet()) {
      users[i] = e.getKey();
      ventures[i++] = e.getValue().stream().mapToLong(Long::longValue).toArray();
    }
    if (users.length == 0) {
      throw new IllegalStateException("the workload needs a generated dataset; the database has no users");
    }
    return new WorkloadData(users, ventures, now);
  }
}
