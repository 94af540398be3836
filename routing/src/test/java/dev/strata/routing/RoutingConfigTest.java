package dev.strata.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class RoutingConfigTest {

  /** Configuration is validated without connecting: a data source that must never be asked. */
  private static final DataSource UNUSED = new DataSource() {
    @Override public Connection getConnection() { throw new AssertionError("not used"); }
    @Override public Connection getConnection(String u, String p) { throw new AssertionError("not used"); }
    @Override public PrintWriter getLogWriter() { return null; }
    @Override public void setLogWriter(PrintWriter out) {}
    @Override public void setLoginTimeout(int seconds) {}
    @Override public int getLoginTimeout() { return 0; }
    @Override public Logger getParentLogger() { return null; }
    @Override public <T> T unwrap(Class<T> iface) { return null; }
    @Override public boolean isWrapperFor(Class<?> iface) { return false; }
  };

  @Test
  void defaults() {
    RoutingConfig c = RoutingConfig.builder().primary(UNUSED).build();
    assertEquals(RoutingConfig.DEFAULT_MAX_LAG_BYTES, c.maxLagBytes());
    assertEquals(Duration.ofSeconds(5), c.maxLagTime());
    assertEquals(RoutingConfig.Balancing.ROUND_ROBIN, c.balancing());
    assertTrue(c.replicas().isEmpty());
  }

  @Test
  void badValuesNameTheArgumentAndTheRule() {
    assertMessage(() -> RoutingConfig.builder().maxLagBytes(0), "maxLagBytes must be > 0");
    assertMessage(() -> RoutingConfig.builder().maxLagTime(Duration.ZERO), "maxLagTime must be > 0");
    assertMessage(() -> RoutingConfig.builder().checkInterval(Duration.ofMillis(1)), "checkInterval must be >=");
    assertMessage(() -> RoutingConfig.builder().readYourWritesWait(Duration.ofMillis(-1)), "readYourWritesWait must be >= 0");
    assertMessage(() -> RoutingConfig.builder().maxSessions(0), "maxSessions must be >= 1");
    assertMessage(() -> RoutingConfig.builder().replica(" ", UNUSED), "replica name must be non-blank");
    assertMessage(() -> RoutingConfig.builder().replica("r", UNUSED).replica("r", UNUSED), "replica name must be unique");
    NullPointerException npe = assertThrows(NullPointerException.class, () -> RoutingConfig.builder().primary(null));
    assertEquals("primary", npe.getMessage());
    IllegalStateException missing = assertThrows(IllegalStateException.class, () -> RoutingConfig.builder().build());
    assertTrue(missing.getMessage().contains("primary is required"));
  }

  private static void assertMessage(Supplier<?> call, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
