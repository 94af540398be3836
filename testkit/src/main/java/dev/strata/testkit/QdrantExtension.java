package dev.strata.testkit;

import dev.strata.testkit.internal.qdrant.ExternalQdrantServer;
import io.qdrant.client.QdrantClient;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives a test class a started Qdrant: it resolves {@link QdrantServer} and
 * {@link QdrantClient} parameters (constructor, {@code @BeforeAll}, {@code @BeforeEach}, test
 * methods) with one server and one client per test class, both closed when the class ends.
 *
 * <pre>{@code
 * @ExtendWith(QdrantExtension.class)              // STRATA_TEST_QDRANT_URL's Qdrant if set, else the emulator
 * class SearchIT {
 *   @BeforeAll static void setUp(QdrantClient client) { ... }
 * }
 *
 * class RetriesIT {
 *   @RegisterExtension static final QdrantExtension QDRANT = QdrantExtension.emulator();  // fault injection
 *   @Test void retries(QdrantServer server) { server.failNext("Upsert", 2, Status.Code.UNAVAILABLE); ... }
 * }
 * }</pre>
 *
 * <p>The default extension uses the real Qdrant named by {@code STRATA_TEST_QDRANT_URL} when that is
 * set (shared: use collection names of the class's own; it is never stopped), otherwise a new
 * emulator per class. {@link #emulator()} always gives the emulator, for tests that stop the server
 * or inject failures.
 */
public final class QdrantExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(QdrantExtension.class);

  private final boolean emulatorOnly;

  /** The extension that prefers a configured real Qdrant (JUnit creates it through {@code @ExtendWith}). */
  public QdrantExtension() {
    this(false);
  }

  private QdrantExtension(boolean emulatorOnly) {
    this.emulatorOnly = emulatorOnly;
  }

  /** An extension that always gives a new emulator per class (for {@code @RegisterExtension}). */
  public static QdrantExtension emulator() {
    return new QdrantExtension(true);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == QdrantServer.class || type == QdrantClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext c = ClassContexts.of(context, "a Qdrant");
    Class<?> testClass = c.getRequiredTestClass();
    Held held = c.getStore(NS).computeIfAbsent(testClass, k -> new Held(start()), Held.class);
    return parameter.getParameter().getType() == QdrantServer.class ? held.server : held.client();
  }

  private QdrantServer start() {
    return emulatorOnly ? Qdrant.startEmulator() : ExternalQdrantServer.fromEnvironment().orElseGet(Qdrant::startEmulator);
  }

  /** A class's server and its client, closed together (client first) when the class ends. */
  private static final class Held implements AutoCloseable {
    final QdrantServer server;
    private QdrantClient client;

    Held(QdrantServer server) {
      this.server = server;
    }

    synchronized QdrantClient client() {
      if (client == null) {
        client = server.newClient();
      }
      return client;
    }

    @Override
    public synchronized void close() {
      try {
        if (client != null) {
          client.close();
        }
      } finally {
        server.close();
      }
    }
  }
}
