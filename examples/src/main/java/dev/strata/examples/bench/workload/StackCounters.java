package dev.strata.examples.bench.workload;

/**
 * What a stack counted on its own side over a phase.
 *
 * @param primaryStatements  JDBC statements executed on primary connections
 * @param replicaStatements  JDBC statements executed on replica connections
 * @param readPageStatements of those, the statements executed while serving read pages (the rest:
 *                           content creation and background work such as indexing)
 * @param primaryPeakActive  most primary connections checked out at once
 * @param replicaPeakActive  most replica connections checked out at once
 * @param l1Hits             lookups answered by the in-process tier
 * @param l2Hits             lookups answered by Redis
 * @param lookups            cache lookups in all (0 for a stack without a cache)
 * @param searches           Qdrant searches sent
 * @param embeddingTexts     texts the embedding provider was asked to embed (what a paid API bills)
 */
public record StackCounters(long primaryStatements, long replicaStatements, long readPageStatements, int primaryPeakActive, int replicaPeakActive,
    long l1Hits, long l2Hits, long lookups, long searches, long embeddingTexts) {}
