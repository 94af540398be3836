/**
 * Strata vector: a venture-scoped vector store over Qdrant with embedding dedup and lossless
 * indexing through core's transactional outbox.
 *
 * <p>Entry points: {@link dev.strata.vector.VectorStores} (the {@link dev.strata.vector.VectorStore}
 * SPI: Qdrant or exact in-memory), {@link dev.strata.vector.VentureVectors} (every call scoped to one
 * venture), {@link dev.strata.vector.EmbeddingProviders} (local provider, deduplicating decorator) and
 * {@link dev.strata.vector.VectorIndexer} (drains the outbox into the store).
 *
 * <p>Arguments and return values are non-null unless documented otherwise. Bad arguments fail with
 * {@link java.lang.IllegalArgumentException} or {@link java.lang.NullPointerException} naming the
 * argument and the rule, before anything is sent to Qdrant or an embedding provider.
 */
package dev.strata.vector;
