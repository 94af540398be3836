package dev.strata.vector;

/** Venture isolation against a real Qdrant in Docker; skipped, with the reason, where no Docker engine answers. */
class VentureVectorsContainerIT extends VentureVectorsContract {

  @Override
  protected VectorStore store() {
    return RealQdrant.storeOrSkip();
  }
}
