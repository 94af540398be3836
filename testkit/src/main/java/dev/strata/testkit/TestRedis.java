package dev.strata.testkit;

/**
 * What {@link RedisExtension} gives a test class: the shared servers and a key prefix of its own.
 */
public final class TestRedis {

  private final Redis server;
  private final String keyPrefix;

  TestRedis(Redis server, String keyPrefix) {
    this.server = server;
    this.keyPrefix = keyPrefix;
  }

  /** A prefix no other test class uses, e.g. {@code t:CacheIT:k3x9:}; keys under it are deleted after the class. */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** The standalone server (started on first call). */
  public RedisNode standalone() {
    return server.standalone();
  }

  /** The three-master cluster (formed on first call). */
  public RedisClusterNodes cluster() {
    return server.cluster();
  }

  /** The shared servers, for fault injection. */
  public Redis server() {
    return server;
  }

  @Override
  public String toString() {
    return "TestRedis[" + keyPrefix + "]";
  }
}
