package dev.strata.testkit.stores;

import dev.strata.testkit.QdrantServer;

/** Spring AI's Qdrant store against a real Qdrant; skipped (and reported so) when none is reachable. */
class SpringAiQdrantStoreRealIT extends SpringAiQdrantStoreContract {
  @Override
  QdrantServer open() {
    return StoreServers.realOrSkip();
  }
}
