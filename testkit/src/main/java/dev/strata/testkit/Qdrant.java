package dev.strata.testkit;

import dev.strata.testkit.internal.Docker;
import dev.strata.testkit.internal.qdrant.ContainerQdrantServer;
import dev.strata.testkit.internal.qdrant.EmulatedQdrantServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Qdrant for tests. No Qdrant can be installed on Strata's build machines, so the testkit offers
 * two: an <b>emulator</b> — a gRPC server on a loopback port, inside the test JVM, implementing the
 * subset of Qdrant's {@code Collections} and {@code Points} services that Strata uses on the
 * official client's generated service base classes (exact search, payload filters, shard keys) with
 * fault injection — and a <b>real Qdrant</b> in Docker through Testcontainers where an engine answers.
 *
 * <p>Needs {@code io.qdrant:client} and {@code io.grpc:grpc-netty-shaded} on the test class path
 * (optional dependencies of the testkit), and Testcontainers for {@link #container()}.
 */
public final class Qdrant {

  private static final Logger log = LoggerFactory.getLogger(Qdrant.class);
  private static volatile QdrantServer container;

  private Qdrant() {}

  /**
   * A new emulator on a free loopback port, started; each call gives an independent server with
   * empty storage. Close it when done.
   */
  public static QdrantServer startEmulator() {
    return new EmulatedQdrantServer();
  }

  /**
   * A new emulator that, like a Qdrant with {@code service.api_key} set, requires {@code apiKey} in
   * the {@code api-key} header of every call and answers {@code UNAUTHENTICATED} otherwise (before the
   * call is counted or a fault injected). Its {@link QdrantServer#newClient()} sends the key
   * ({@code QdrantGrpcClient.Builder.withApiKey}).
   */
  public static QdrantServer startEmulator(String apiKey) {
    java.util.Objects.requireNonNull(apiKey, "apiKey");
    if (apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey must not be blank");
    }
    return new EmulatedQdrantServer(apiKey);
  }

  /** Whether {@link #container()} can work: Testcontainers is present and a Docker engine answers. */
  public static boolean dockerAvailable() {
    return Docker.available();
  }

  /**
   * The JVM's real Qdrant in Docker, started on first call and stopped by a shutdown hook.
   *
   * @throws IllegalStateException when no Docker engine answers (check {@link #dockerAvailable()})
   */
  public static QdrantServer container() {
    QdrantServer c = container;
    if (c == null) {
      synchronized (Qdrant.class) {
        c = container;
        if (c == null) {
          if (!Docker.available()) {
            throw new IllegalStateException("no Docker engine answers, so there is no real Qdrant; use Qdrant.startEmulator()");
          }
          c = new ContainerQdrantServer();
          Runtime.getRuntime().addShutdownHook(new Thread(c::close, "strata-testkit-qdrant-stop"));
          log.info("testkit Qdrant: {}", c);
          container = c;
        }
      }
    }
    return c;
  }
}
