package dev.strata.testkit.stores;

import dev.strata.testkit.QdrantServer;

/** LangChain4j's Qdrant store against a real Qdrant; skipped (and reported so) when none is reachable. */
class LangChain4jQdrantStoreRealIT extends LangChain4jQdrantStoreContract {
  @Override
  QdrantServer open() {
    return StoreServers.realOrSkip();
  }
}
