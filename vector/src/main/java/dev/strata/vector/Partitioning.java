package dev.strata.vector;

/** How {@link VentureVectors} keeps ventures apart. */
public enum Partitioning {

  /**
   * One collection per logical collection, shared by all ventures, partitioned by a keyword payload
   * field indexed with {@code is_tenant=true}, with HNSW graphs built per venture ({@code m=0},
   * {@code payload_m=16}). Qdrant's recommended multitenancy setup and Strata's default: the number
   * of collections stays constant as ventures grow.
   */
  SHARED_COLLECTION,

  /**
   * One Qdrant collection per venture and logical collection (the seed's plan), created on the
   * venture's first write. Hard separation, but thousands of ventures mean thousands of collections,
   * which Qdrant advises against.
   */
  COLLECTION_PER_VENTURE
}
