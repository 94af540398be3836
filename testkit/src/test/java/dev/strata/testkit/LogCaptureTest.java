package dev.strata.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogCaptureTest {

  @Test
  void seesSlf4jLines_andFailsOnASecret_withoutPrintingIt() {
    try (LogCapture logs = LogCapture.start()) {
      LoggerFactory.getLogger(LogCaptureTest.class).info("connecting with token {}", "tok-12345");
      assertTrue(logs.text().contains("connecting with token"), logs.text());
      AssertionError e = assertThrows(AssertionError.class, () -> logs.assertNoneOf("absent-secret", "tok-12345"));
      assertTrue(e.getMessage().contains("secret #1"), e.getMessage());
      assertTrue(e.getMessage().contains("connecting with token <secret #1>"), e.getMessage());
      assertTrue(!e.getMessage().contains("tok-12345"), e.getMessage());
      logs.assertNoneOf("absent-secret");
    }
  }

  @Test
  void restoresTheStreams_andRefusesSecretsTooShortToSearchFor() {
    java.io.PrintStream before = System.err;
    try (LogCapture logs = LogCapture.start()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> logs.assertNoneOf("ab"));
      assertEquals("secrets[0] must be at least 4 characters to be searched for, was 2 long", e.getMessage());
    }
    assertEquals(before, System.err);
  }
}
