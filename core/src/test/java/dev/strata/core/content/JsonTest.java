package dev.strata.core.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void string_escapesQuotesBackslashesAndControlCharacters() {
    assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001\"", Json.string("a\"b\\c\nd\te\u0001"));
    assertEquals("\"héllo ✓\"", Json.string("héllo ✓"));
  }
}
