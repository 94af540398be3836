package dev.strata.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.internal.QueryTemplates;
import dev.strata.core.schema.StrataSchema;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every query template is served by an index on the 10,000-user dataset: EXPLAIN (FORMAT JSON) of
 * each, with realistic parameters, must not sequentially scan a large table.
 */
@ExtendWith(PostgresExtension.class)
class PlansIT {

  private static final Pattern SEQ_SCAN = Pattern.compile("\"Node Type\": \"Seq Scan\",[^}]*?\"Relation Name\": \"(\\w+)\"");
  private static final Pattern PARAM = Pattern.compile("(?<!:):([a-zA-Z]+)");
  static Set<String> largeTables;

  @BeforeAll
  static void data(TestDatabase db) throws SQLException {
    StrataSchema.migrate(db.dataSource());
    DatasetGenerator.builder().seed(42).users(10_000).build().generate(db.dataSource());
    largeTables = new HashSet<>(Sql.column(db.dataSource(),
        "SELECT relname FROM pg_class WHERE relkind IN ('r', 'm') AND reltuples > 10000"));
    assertTrue(largeTables.contains("financial_records") && largeTables.contains("ventures"), largeTables.toString());
  }

  static Map<String, String> templates() {
    return QueryTemplates.all();
  }

  static String withLiterals(String sql) {
    Map<String, String> values = Map.of("user", "4242", "venture", "4242", "since", "'2026-06-01'::date",
        "now", "'2026-06-15T12:00Z'::timestamptz", "from", "'2025-06-01'::date", "until", "'2026-07-01'::date",
        "current", "'2026-06-01'", "at", "'2026-03-01T00:00Z'::timestamptz", "id", "1000", "limit", "51");
    Matcher m = PARAM.matcher(sql);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        throw new AssertionError("no test value for parameter :" + m.group(1));
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    return m.appendTail(sb).toString();
  }

  static List<String> seqScansOfLargeTables(TestDatabase db, String name, String sql) throws SQLException {
    return seqScans(name, Sql.scalar(db.dataSource(), "EXPLAIN (FORMAT JSON) " + withLiterals(sql)));
  }

  /**
   * The generic plan, which the server keeps for a prepared statement once it beats the custom
   * plans (and which the one-round-trip dashboard is written to get): the statement is prepared with
   * positional parameters and explained under {@code plan_cache_mode = force_generic_plan}.
   */
  static List<String> genericSeqScansOfLargeTables(TestDatabase db, String name, String sql) throws SQLException {
    List<String> names = new ArrayList<>();
    Matcher m = PARAM.matcher(sql);
    StringBuilder positional = new StringBuilder();
    while (m.find()) {
      int index = names.indexOf(m.group(1));
      if (index < 0) {
        names.add(m.group(1));
        index = names.size() - 1;
      }
      m.appendReplacement(positional, Matcher.quoteReplacement("$" + (index + 1)));
    }
    m.appendTail(positional);
    List<String> args = new ArrayList<>();
    for (String n : names) {
      args.add(withLiterals(":" + n));
    }
    try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
      st.execute("SET plan_cache_mode = force_generic_plan");
      st.execute("PREPARE plan_check AS " + positional);
      String target = args.isEmpty() ? "EXECUTE plan_check" : "EXECUTE plan_check(" + String.join(", ", args) + ")";
      try (java.sql.ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON) " + target)) {
        rs.next();
        return seqScans(name + " (generic plan)", rs.getString(1));
      }
    }
  }

  private static List<String> seqScans(String name, String plan) {
    List<String> failures = new ArrayList<>();
    Matcher m = SEQ_SCAN.matcher(plan);
    while (m.find()) {
      if (largeTables.contains(m.group(1))) {
        failures.add(name + " scans " + m.group(1) + " sequentially:\n" + plan);
      }
    }
    return failures;
  }

  @Test
  void check_flagsAnUnindexedQuery(TestDatabase db) throws SQLException {
    assertTrue(!seqScansOfLargeTables(db, "control", "SELECT * FROM financial_records WHERE description = 'x'").isEmpty(),
        "the plan check must catch a sequential scan");
  }

  @Test
  void everyTemplate_isServedByAnIndex(TestDatabase db) throws SQLException {
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String> t : templates().entrySet()) {
      failures.addAll(seqScansOfLargeTables(db, t.getKey(), t.getValue()));
      failures.addAll(genericSeqScansOfLargeTables(db, t.getKey(), t.getValue()));
    }
    assertTrue(templates().size() >= 12, "templates " + templates().keySet());
    assertTrue(failures.isEmpty(), String.join("\n\n", failures));
  }
}
