package dev.strata.testkit.stores;

import dev.strata.testkit.Qdrant;
import dev.strata.testkit.QdrantServer;

/** Spring AI's Qdrant store against testkit's emulator (a new one per test). */
class SpringAiQdrantStoreEmulatorIT extends SpringAiQdrantStoreContract {
  @Override
  QdrantServer open() {
    return Qdrant.startEmulator();
  }
}
