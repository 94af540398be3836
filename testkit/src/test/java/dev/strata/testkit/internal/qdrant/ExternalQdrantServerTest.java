package dev.strata.testkit.internal.qdrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExternalQdrantServerTest {

  @Test
  void url_givesHostAndGrpcPort_defaulting6334() {
    ExternalQdrantServer s = new ExternalQdrantServer("http://qdrant.test:7334");
    assertEquals("qdrant.test", s.host());
    assertEquals(7334, s.grpcPort());
    assertEquals(6334, new ExternalQdrantServer("qdrant.test").grpcPort());
    assertTrue(s.isReal());
  }

  @Test
  void malformedUrl_rejectedNamingTheVariableAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExternalQdrantServer("ftp://x:1"));
    assertTrue(e.getMessage().contains("STRATA_TEST_QDRANT_URL") && e.getMessage().contains("ftp://x:1"), e.getMessage());
  }
}
