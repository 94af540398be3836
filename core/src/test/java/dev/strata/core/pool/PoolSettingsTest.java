package dev.strata.core.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
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
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> valid().maxPoolSize(5).minIdle(6).build());
    assertEquals("minIdle must be <= maxPoolSize (5), was: 6", e.getMessage());
  }

  @Test
  void idleTimeout_notBelowMaxLifetime_rejectedAtBuild() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> valid().idleTimeout(Duration.ofMinutes(2)).maxLifetime(Duration.ofMinutes(2)).build());
    assertEquals("idleTimeout must be < maxLifetime (PT2M), was: PT2M", e.getMessage());
  }

  @Test
  void everyOption_setTwice_isRejectedNamingIt() {
    Map<String, UnaryOperator<PoolSettings.Builder>> options = new LinkedHashMap<>();
    options.put("jdbcUrl", b -> b.jdbcUrl("jdbc:postgresql://other/app"));
    options.put("username", b -> b.username("u"));
    options.put("password", b -> b.password("p"));
    options.put("poolName", b -> b.poolName("p"));
    options.put("maxPoolSize", b -> b.maxPoolSize(3));
    options.put("minIdle", b -> b.minIdle(1));
    options.put("idleTimeout", b -> b.idleTimeout(Duration.ofSeconds(20)));
    options.put("connectionTimeout", b -> b.connectionTimeout(Duration.ofSeconds(1)));
    options.put("maxLifetime", b -> b.maxLifetime(Duration.ofMinutes(5)));
    options.put("readOnly", b -> b.readOnly(true));
    options.forEach((name, set) -> {
      PoolSettings.Builder b = set.apply(name.equals("jdbcUrl") ? PoolSettings.builder() : valid());
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> set.apply(b), name);
      assertEquals(name + " was already set on this builder", e.getMessage());
    });
  }

  @Test
  void customizer_calledTwice_runsBoth_inOrder() {
    StringBuilder ran = new StringBuilder();
    PoolSettings s = valid().customizer(c -> ran.append('a')).customizer(c -> ran.append('b')).build();
    s.customizer().accept(new HikariConfig());
    assertEquals("ab", ran.toString());
  }

  @Test
  void toBuilder_keepsEverySetting_andLetsEachBeSetOnceMore() {
    StringBuilder ran = new StringBuilder();
    PoolSettings base = valid().username("app").password("pw").poolName("primary").maxPoolSize(8).minIdle(3)
        .idleTimeout(Duration.ofSeconds(40)).connectionTimeout(Duration.ofSeconds(1)).maxLifetime(Duration.ofMinutes(10))
        .readOnly(true).customizer(c -> ran.append("base;")).build();
    PoolSettings same = base.toBuilder().build();
    assertEquals(base.toString(), same.toString());
    assertEquals("pw", same.password());

    PoolSettings replica = base.toBuilder().poolName("replica").maxPoolSize(4).customizer(c -> ran.append("replica;")).build();
    assertEquals("replica", replica.poolName());
    assertEquals(4, replica.maxPoolSize());
    assertEquals(3, replica.minIdle());
    assertEquals(Duration.ofMinutes(10), replica.maxLifetime());
    replica.customizer().accept(new HikariConfig());
    assertEquals("base;replica;", ran.toString());
    assertEquals("primary", base.poolName(), "the original is unchanged");

    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> base.toBuilder().poolName("a").poolName("b"));
    assertEquals("poolName was already set on this builder", twice.getMessage());
    // the chosen minIdle travels with the settings: a variant too small for it is a conflict, not a silent change
    IllegalStateException conflict = assertThrows(IllegalStateException.class, () -> base.toBuilder().maxPoolSize(2).build());
    assertEquals("minIdle must be <= maxPoolSize (2), was: 3", conflict.getMessage());
    assertEquals(1, valid().build().toBuilder().maxPoolSize(1).build().minIdle(), "the default minIdle still follows");
  }

  @Test
  void defaults_areTheNamedConstants() {
    PoolSettings s = valid().build();
    assertEquals(PoolSettings.DEFAULT_MAX_POOL_SIZE, s.maxPoolSize());
    assertEquals(PoolSettings.DEFAULT_MIN_IDLE, s.minIdle());
    assertEquals(PoolSettings.DEFAULT_IDLE_TIMEOUT, s.idleTimeout());
    assertEquals(PoolSettings.DEFAULT_CONNECTION_TIMEOUT, s.connectionTimeout());
    assertEquals(PoolSettings.DEFAULT_MAX_LIFETIME, s.maxLifetime());
    assertEquals(PoolSettings.DEFAULT_POOL_NAME, s.poolName());
    assertEquals("maxLifetime must be >= PT30S, was: PT29S",
        assertThrows(IllegalArgumentException.class, () -> valid().maxLifetime(PoolSettings.MIN_MAX_LIFETIME.minusSeconds(1)))
            .getMessage());
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
