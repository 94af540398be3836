package dev.strata.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.testkit.internal.RespClient;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespClientTest {

  private static Object parse(String wire) throws Throwable {
    Method read = RespClient.class.getDeclaredMethod("read", java.io.InputStream.class);
    read.setAccessible(true);
    try {
      return read.invoke(null, new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void read_parsesEveryReplyType() throws Throwable {
    assertEquals("OK", parse("+OK\r\n"));
    assertEquals(42L, parse(":42\r\n"));
    assertEquals("héllo", parse("$6\r\nhéllo\r\n"));
    assertNull(parse("$-1\r\n"));
    assertEquals(List.of("a", 1L), parse("*2\r\n$1\r\na\r\n:1\r\n"));
  }

  @Test
  void read_errorReply_throwsWithServerMessage() {
    RespClient.RespError e = assertThrows(RespClient.RespError.class, () -> parse("-ERR wrong\r\n"));
    assertEquals("ERR wrong", e.getMessage());
  }

  @Test
  void read_truncatedReply_throwsEof() {
    assertThrows(EOFException.class, () -> parse("$5\r\nab"));
  }

  @Test
  void nodeParse_acceptsRedisUri_rejectsOthers() {
    assertEquals(new RedisNode("h", 7000), RedisNode.parse("V", "redis://h:7000"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisNode.parse("V", "http://h"));
    assertEquals("V must be a redis://host:port URI, was: http://h", e.getMessage());
  }
}
