package dev.strata.testkit.stores;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;
import dev.strata.testkit.internal.qdrant.ExternalQdrantServer;

/** The real Qdrant the store tests run against, or a skip saying why there is none. */
final class StoreServers {

  private StoreServers() {}

  /** {@code STRATA_TEST_QDRANT_URL}'s server, else a Docker container; else the calling test is skipped (reported, not passed). */
  static QdrantServer realOrSkip() {
    var external = ExternalQdrantServer.fromEnvironment();
    if (external.isPresent()) {
      return external.get();
    }
    assumeTrue(Qdrant.dockerAvailable(), "no real Qdrant here: set STRATA_TEST_QDRANT_URL (e.g. http://localhost:6334, the gRPC port)"
        + " or run a Docker engine; this run covered the emulator only");
    return Qdrant.container();
  }
}
