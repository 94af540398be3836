package dev.strata.routing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatementsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT 1", "  select * from ventures where id = ?", "WITH x AS (SELECT 1) SELECT * FROM x",
      "(SELECT 1) UNION (SELECT 2)", "/* dashboard */ SELECT 1", "-- note\nSELECT 1", "VALUES (1)",
      "TABLE ventures", "SHOW server_version", "SELECT updated_at, last_update FROM t"})
  void plainReads(String sql) {
    assertTrue(Statements.isPlainRead(sql), sql);
    assertFalse(Statements.isLocking(sql), sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "INSERT INTO t VALUES (1)", "update t set a = 1", "DELETE FROM t", "MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE",
      "WITH w AS (INSERT INTO t VALUES (1) RETURNING id) SELECT * FROM w", "SELECT nextval('s')",
      "SELECT * INTO new_table FROM t", "SELECT pg_advisory_lock(1)", "CREATE TABLE t (a int)", "BEGIN", "SET x = 1",
      "SELECT * FROM t FOR UPDATE"})
  void notPlainReads(String sql) {
    assertFalse(Statements.isPlainRead(sql), sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM t WHERE id = 1 FOR UPDATE", "select * from t for no key update", "SELECT * FROM t FOR SHARE",
      "SELECT * FROM t FOR KEY SHARE SKIP LOCKED", "SELECT * FROM t\nFOR\tUPDATE NOWAIT"})
  void lockingReads(String sql) {
    assertTrue(Statements.isLocking(sql), sql);
  }
}
