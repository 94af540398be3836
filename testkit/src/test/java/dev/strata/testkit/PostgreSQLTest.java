package dev.strata.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PostgreSQLTest {

  @Test
  void databaseName_keepsIdentifierCharacters_lowerCase() {
    String name = PostgreSQL.databaseName("My-Test.Class", 7);
    assertTrue(name.startsWith("t_my_test_class_7_"), name);
    assertTrue(name.matches("[a-z0-9_]+"), name);
  }

  @Test
  void databaseName_longHint_fitsPostgresLimit() {
    String name = PostgreSQL.databaseName("x".repeat(200), 12345);
    assertTrue(name.length() <= 63, "length " + name.length());
    assertTrue(name.contains("_12345_"), name);
  }

  @Test
  void databaseName_nullHint_namesArgument() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> PostgreSQL.databaseName(null, 1));
    assertEquals("hint", e.getMessage());
  }

  @Test
  void node_badPort_namesRuleAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PostgresNode("localhost", 0, "postgres", ""));
    assertEquals("port must be in 1..65535, was: 0", e.getMessage());
  }

  @Test
  void node_toString_neverShowsPassword() {
    assertTrue(!new PostgresNode("h", 5432, "u", "s3cret").toString().contains("s3cret"));
  }
}
