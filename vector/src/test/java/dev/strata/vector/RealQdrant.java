package dev.strata.vector;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.Qdrant;
import io.qdrant.client.QdrantClient;
import org.slf4j.LoggerFactory;

/**
 * The real Qdrant of the test JVM (Testcontainers), or nothing where no Docker engine answers — then
 * every test that needs it is skipped with {@link #SKIPPED} as the reason.
 */
final class RealQdrant {

  static final String SKIPPED = "no Docker engine answers: the run against a real Qdrant is skipped "
      + "(the same tests ran against the testkit emulator)";

  private static QdrantClient client;
  private static VectorStore store;

  private RealQdrant() {}

  /** The store over the real Qdrant, or null without Docker (logged once). */
  static synchronized VectorStore storeOrNull() {
    if (store == null && Qdrant.dockerAvailable()) {
      client = Qdrant.container().newClient();
      store = VectorStores.qdrant(client, QdrantOptions.builder().chunkSize(100).build(), VectorStatsListener.NONE);
    } else if (store == null) {
      LoggerFactory.getLogger(RealQdrant.class).warn(SKIPPED);
    }
    return store;
  }

  /** The store over the real Qdrant; skips the calling test (with {@link #SKIPPED}) when there is none. */
  static VectorStore storeOrSkip() {
    VectorStore s = storeOrNull();
    assumeTrue(s != null, SKIPPED);
    return s;
  }
}
