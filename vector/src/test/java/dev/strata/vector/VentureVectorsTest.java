package dev.strata.vector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
}
