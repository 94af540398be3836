package dev.strata.testkit.stores;

import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;

/** LangChain4j's Qdrant store against testkit's emulator (a new one per test). */
class LangChain4jQdrantStoreEmulatorIT extends LangChain4jQdrantStoreContract {
  @Override
  QdrantServer open() {
    return Qdrant.startEmulator();
  }
}
