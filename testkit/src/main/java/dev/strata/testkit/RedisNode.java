package dev.strata.testkit;

import java.util.Objects;

/**
 * Where one Redis server listens.
 *
 * @param host host name or address
 * @param port TCP port
 */
public record RedisNode(String host, int port) {

  /** Validates the components. */
  public RedisNode {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 1..65535, was: " + port);
    }
  }

  /** The node as a Redis URI, {@code redis://host:port}, as Lettuce's {@code RedisURI.create} takes it. */
  public String uri() {
    return "redis://" + host + ":" + port;
  }

  /** Parses {@code redis://host:port} (a trailing path or query is ignored). */
  static RedisNode parse(String variable, String uri) {
    String s = uri.trim();
    if (!s.startsWith("redis://")) {
      throw new IllegalArgumentException(variable + " must be a redis://host:port URI, was: " + s);
    }
    String authority = s.substring("redis://".length()).split("[/?]")[0];
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    int colon = authority.lastIndexOf(':');
    String host = colon < 0 ? authority : authority.substring(0, colon);
    int port = colon < 0 ? 6379 : Integer.parseInt(authority.substring(colon + 1));
    return new RedisNode(host, port);
  }
}
