package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link VentureVectors} over the in-memory store. */
class VentureVectorsTest extends VentureVectorsContract {

  private final VectorStore store = VectorStores.inMemory();

  @Override
  protected VectorStore store() {
    return store;
  }

  @Test
  void perVenture_collectionsCreatedOnFirstWrite() {
    VentureVectors vv = vectors(Partitioning.COLLECTION_PER_VENTURE, "pv");
    assertFalse(store.collectionExists("pv_content__42"));
    vv.upsert("42", "pv_content", List.of(VectorEntry.of("k", new float[] {1, 0, 0, 0, 0, 0, 0, 0})));
    assertTrue(store.collectionExists("pv_content__42"));
    assertFalse(store.collectionExists("pv_social__42"));
    vv.deleteVenture("42");
    assertFalse(store.collectionExists("pv_content__42"));
  }

  @Test
  void shardKeyCreationThatFailed_isRetriedByTheNextWrite() {
    AtomicInteger creations = new AtomicInteger();
    // the store's first shard-key creation fails, as when Qdrant is unreachable for that one call
    VectorStore failingOnce = (VectorStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {VectorStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("ensureShardKey") && creations.incrementAndGet() == 1) {
            throw new VectorStoreException("shard key creation failed (injected)", null, true);
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    VentureVectors vv = VentureVectors.builder(failingOnce).collection("sk_content", 8).shardKeys(v -> "s_" + v).build();
    vv.ensureCollections();
    List<VectorEntry> entry = List.of(VectorEntry.of("k", new float[] {1, 0, 0, 0, 0, 0, 0, 0}));
    assertThrows(VectorStoreException.class, () -> vv.upsert("7", "sk_content", entry));
    vv.upsert("7", "sk_content", entry);
    assertEquals(2, creations.get(), "the write after the failure creates the shard key again");
    assertEquals(1, vv.count("7", "sk_content"));
  }
}
