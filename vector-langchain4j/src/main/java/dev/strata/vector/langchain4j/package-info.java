/**
 * strata-vector's {@link dev.strata.vector.EmbeddingProvider} over LangChain4j embedding models:
 * {@link dev.strata.vector.langchain4j.LangChain4jEmbeddingProvider} for any model, and
 * {@link dev.strata.vector.langchain4j.AllMiniLmL6V2Embeddings} for the in-process all-MiniLM-L6-v2.
 */
package dev.strata.vector.langchain4j;
