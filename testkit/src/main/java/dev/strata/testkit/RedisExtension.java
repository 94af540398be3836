package dev.strata.testkit;

import dev.strata.testkit.internal.RespClient;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that resolves a {@link TestRedis} parameter: the shared {@link Redis} servers and
 * a key prefix unique to the test class. After the class, keys under the prefix are removed from the
 * standalone server with SCAN + UNLINK (never KEYS).
 */
public final class RedisExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisExtension.class);

  /** Creates the extension (JUnit does, through {@code @ExtendWith}). */
  public RedisExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestRedis.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext c = ClassContexts.of(context, "TestRedis");
    Class<?> testClass = c.getRequiredTestClass();
    return c.getStore(NS).computeIfAbsent(testClass, k -> new Cleaned(new TestRedis(Redis.shared(), prefixFor(testClass))),
        Cleaned.class).redis;
  }

  static String prefixFor(Class<?> testClass) {
    String name = testClass.getSimpleName().replaceAll("[^A-Za-z0-9]", "");
    String suffix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36).toLowerCase(Locale.ROOT);
    return "t:" + name + ":" + suffix + ":";
  }

  private static final class Cleaned implements AutoCloseable {
    final TestRedis redis;

    Cleaned(TestRedis redis) {
      this.redis = redis;
    }

    @Override
    public void close() {
      try {
        RedisNode n = redis.standalone();
        try (RespClient c = new RespClient(n.host(), n.port())) {
          String cursor = "0";
          do {
            @SuppressWarnings("unchecked")
            List<Object> reply = (List<Object>) c.call("SCAN", cursor, "MATCH", redis.keyPrefix() + "*", "COUNT", "1000");
            cursor = (String) reply.get(0);
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) reply.get(1);
            if (!keys.isEmpty()) {
              String[] cmd = new String[keys.size() + 1];
              cmd[0] = "UNLINK";
              for (int i = 0; i < keys.size(); i++) {
                cmd[i + 1] = (String) keys.get(i);
              }
              c.call(cmd);
            }
          } while (!"0".equals(cursor));
        }
      } catch (RuntimeException e) {
        // the server may have been stopped by a fault-injection test; it is discarded at exit anyway
        org.slf4j.LoggerFactory.getLogger(RedisExtension.class).debug("key cleanup skipped: {}", e.toString());
      }
    }
  }
}
