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
    assertEquals(Duration.ofSeconds(5), c.replicaReadTimeout());
    assertEquals(Duration.ofSeconds(1), c.checkTimeout());
    assertTrue(c.replicas().isEmpty());
  }

  @Test
  void badValuesNameTheArgumentAndTheRule() {
    assertMessage(() -> RoutingConfig.builder().maxLagBytes(0), "maxLagBytes must be > 0");
    assertMessage(() -> RoutingConfig.builder().maxLagTime(Duration.ZERO), "maxLagTime must be > 0");
    assertMessage(() -> RoutingConfig.builder().checkInterval(Duration.ofMillis(1)), "checkInterval must be >=");
    assertMessage(() -> RoutingConfig.builder().readYourWritesWait(Duration.ofMillis(-1)), "readYourWritesWait must be >= 0");
    assertMessage(() -> RoutingConfig.builder().maxSessions(0), "maxSessions must be >= 1");
    assertMessage(() -> RoutingConfig.builder().replicaReadTimeout(Duration.ofMillis(-1)), "replicaReadTimeout must be >= 0 and at most 2147483647 ms, was: PT-0.001S");
    assertMessage(() -> RoutingConfig.builder().replicaReadTimeout(Duration.ofDays(30)), "replicaReadTimeout must be >= 0");
    assertMessage(() -> RoutingConfig.builder().checkTimeout(Duration.ofMillis(5)), "checkTimeout must be >= PT0.01S, was: PT0.005S");
    assertMessage(() -> RoutingConfig.builder().checkTimeout(Duration.ZERO), "checkTimeout must be > 0");
    assertEquals("checkTimeout", assertThrows(NullPointerException.class, () -> RoutingConfig.builder().checkTimeout(null)).getMessage());
    assertEquals("replicaReadTimeout",
        assertThrows(NullPointerException.class, () -> RoutingConfig.builder().replicaReadTimeout(null)).getMessage());
    assertMessage(() -> RoutingConfig.builder().replica(" ", UNUSED), "replica name must be 1-64 letters");
    assertMessage(() -> RoutingConfig.builder().replica("r", UNUSED).replica("r", UNUSED), "replica name must be unique");
    NullPointerException npe = assertThrows(NullPointerException.class, () -> RoutingConfig.builder().primary(null));
    assertEquals("primary", npe.getMessage());
    IllegalStateException missing = assertThrows(IllegalStateException.class, () -> RoutingConfig.builder().build());
    assertTrue(missing.getMessage().contains("primary is required"));
  }

  @Test
  void anOptionSetTwice_isRejectedNamingIt() {
    RoutingConfig.Builder b = RoutingConfig.builder().primary(UNUSED).maxLagBytes(1).name("db");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.maxLagBytes(2));
    assertEquals("maxLagBytes was already set on this builder", e.getMessage());
    assertThrows(IllegalStateException.class, () -> b.primary(UNUSED));
    assertThrows(IllegalStateException.class, () -> b.name("other"));
    b.replicaReadTimeout(Duration.ZERO).checkTimeout(Duration.ofMillis(50));
    assertEquals("replicaReadTimeout was already set on this builder",
        assertThrows(IllegalStateException.class, () -> b.replicaReadTimeout(Duration.ofSeconds(1))).getMessage());
    assertEquals("checkTimeout was already set on this builder",
        assertThrows(IllegalStateException.class, () -> b.checkTimeout(Duration.ofSeconds(1))).getMessage());
  }

  @Test
  void name_defaultsAndIsChecked() {
    assertEquals(RoutingConfig.DEFAULT_NAME, RoutingConfig.builder().primary(UNUSED).build().name());
    assertEquals("app-db", RoutingConfig.builder().name("app-db").primary(UNUSED).build().name());
    assertMessage(() -> RoutingConfig.builder().name("a b"), "name must be 1-64 letters");
    assertMessage(() -> RoutingConfig.builder().name(""), "name must be 1-64 letters");
  }

  @Test
  void toBuilder_keepsEveryValueAndAllowsOneMoreChange() {
    RoutingConfig c = RoutingConfig.builder().name("a").primary(UNUSED).replica("r1", UNUSED).maxLagBytes(7)
        .maxLagTime(Duration.ofSeconds(2)).checkInterval(Duration.ofMillis(20)).readYourWritesWait(Duration.ZERO)
        .primaryOutageReadWait(Duration.ofSeconds(3)).balancing(RoutingConfig.Balancing.LEAST_CONNECTIONS).routeByStatement(true).maxSessions(3)
        .replicaReadTimeout(Duration.ofSeconds(2)).checkTimeout(Duration.ofMillis(300)).build();
    RoutingConfig d = c.toBuilder().maxLagBytes(9).build();
    assertEquals(9, d.maxLagBytes());
    assertEquals("a", d.name());
    assertEquals(c.replicas(), d.replicas());
    assertEquals(c.maxLagTime(), d.maxLagTime());
    assertEquals(c.checkInterval(), d.checkInterval());
    assertEquals(c.readYourWritesWait(), d.readYourWritesWait());
    assertEquals(c.primaryOutageReadWait(), d.primaryOutageReadWait());
    assertEquals(c.balancing(), d.balancing());
    assertEquals(c.routeByStatement(), d.routeByStatement());
    assertEquals(c.maxSessions(), d.maxSessions());
    assertEquals(c.replicaReadTimeout(), d.replicaReadTimeout());
    assertEquals(c.checkTimeout(), d.checkTimeout());
    assertEquals(c.listener(), d.listener());
  }

  private static void assertMessage(Supplier<?> call, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
