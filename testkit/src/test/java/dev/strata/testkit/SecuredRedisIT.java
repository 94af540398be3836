package dev.strata.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.internal.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecuredRedisIT {

  private static SecuredRedis redis;

  @BeforeAll
  static void start() {
    redis = SecuredRedis.start();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  private static RespClient connect() {
    return new RespClient(redis.node().host(), redis.node().port());
  }

  @Test
  void withoutAuth_commandsAreRefusedWithNoauth() {
    try (RespClient c = connect()) {
      RespClient.RespError e = assertThrows(RespClient.RespError.class, () -> c.call("GET", "k"));
      assertTrue(e.getMessage().startsWith("NOAUTH"), e.getMessage());
    }
  }

  @Test
  void defaultUser_authenticatesWithThePassword_andNotWithAnother() {
    try (RespClient c = connect()) {
      RespClient.RespError e = assertThrows(RespClient.RespError.class, () -> c.call("AUTH", "wrong"));
      assertTrue(e.getMessage().startsWith("WRONGPASS"), e.getMessage());
      assertEquals("OK", c.call("AUTH", redis.password()));
      assertEquals("OK", c.call("SET", "k", "v"));
    }
  }

  @Test
  void aclUser_authenticates_andMayNotRunDangerousCommands() {
    try (RespClient c = connect()) {
      assertEquals("OK", c.call("AUTH", SecuredRedis.ACL_USER, redis.aclPassword()));
      assertEquals("OK", c.call("SET", "acl:k", "v"));
      RespClient.RespError e = assertThrows(RespClient.RespError.class, () -> c.call("KEYS", "*"));
      assertTrue(e.getMessage().startsWith("NOPERM"), e.getMessage());
    }
  }

  @Test
  void uris_carryTheCredentials_butToStringDoesNot() {
    assertTrue(redis.passwordUri().contains(":" + redis.password() + "@"));
    assertTrue(redis.aclUri().contains(SecuredRedis.ACL_USER + ":" + redis.aclPassword() + "@"));
    assertFalse(redis.toString().contains(redis.password()));
    assertFalse(redis.node().uri().contains("@"));
  }
}
