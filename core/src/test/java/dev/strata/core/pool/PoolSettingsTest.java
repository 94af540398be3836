package dev.strata.core.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {

  private static PoolSettings.Builder valid() {
    return PoolSettings.builder().jdbcUrl("jdbc:postgresql://localhost/app");
  }

  @Test
  void defaults_followTheSeed() {
    PoolSettings s = valid().build();
    assertEquals(20, s.maxPoolSize());
    assertEquals(Duration.ofSeconds(30), s.idleTimeout());
    assertEquals(Duration.ofSeconds(2), s.connectionTimeout());
    assertEquals(2, s.minIdle());
    assertEquals(1, valid().maxPoolSize(1).build().minIdle());
  }

  @Test
  void jdbcUrl_notPostgres_namesArgumentAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PoolSettings.builder().jdbcUrl("jdbc:mysql://x/db"));
    assertEquals("jdbcUrl must start with jdbc:postgresql:, was: jdbc:mysql://x/db", e.getMessage());
  }

  @Test
  void jdbcUrl_missing_failsAtBuild() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> PoolSettings.builder().build());
    assertEquals("jdbcUrl is required", e.getMessage());
  }

  @Test
  void maxPoolSize_zero_rejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> valid().maxPoolSize(0));
    assertEquals("maxPoolSize must be >= 1, was: 0", e.getMessage());
  }

  @Test
  void connectionTimeout_belowHikariMinimum_rejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> valid().connectionTimeout(Duration.ofMillis(100)));
    assertEquals("connectionTimeout must be >= PT0.25S, was: PT0.1S", e.getMessage());
  }

  @Test
  void idleTimeout_tooShort_rejected_zeroAllowed() {
    assertThrows(IllegalArgumentException.class, () -> valid().idleTimeout(Duration.ofSeconds(1)));
    assertEquals(Duration.ZERO, valid().idleTimeout(Duration.ZERO).build().idleTimeout());
  }

  @Test
  void minIdle_aboveMax_rejectedAtBuild() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> valid().maxPoolSize(5).minIdle(6).build());
    assertEquals("minIdle must be <= maxPoolSize (5), was: 6", e.getMessage());
  }

  @Test
  void nullArguments_nameTheArgument() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> valid().idleTimeout(null));
    assertEquals("idleTimeout", e.getMessage());
  }

  @Test
  void toString_masksPassword_inFieldAndUrl() {
    String s = PoolSettings.builder().jdbcUrl("jdbc:postgresql://h/db?user=u&password=hunter2")
        .password("s3cret").build().toString();
    assertFalse(s.contains("s3cret"), s);
    assertFalse(s.contains("hunter2"), s);
    assertTrue(s.contains("password=****"), s);
  }

  @Test
  void customizer_null_namesTheArgument() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> valid().customizer(null));
    assertTrue(e.getMessage().contains("customizer"));
  }
}
