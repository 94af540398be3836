package dev.strata.spring.boot.vector;

import dev.strata.spring.boot.internal.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code strata.vector.*}: {@code VentureVectors} over Qdrant and the embedding provider,
 * configured when {@code strata.vector.qdrant.host} is set.
 */
@ConfigurationProperties("strata.vector")
public class StrataVectorProperties {

  /** Which embedding provider the starter defines when the application defines none. */
  public enum Embedding {
    /** None: the application defines its own EmbeddingProvider bean (or uses none). */
    NONE,
    /** strata-vector's deterministic feature-hashing stand-in (tests and demos only). */
    HASHING,
    /** all-MiniLM-L6-v2 in this JVM (strata-vector-langchain4j and the model artifact needed), 384 dimensions. */
    ALL_MINILM_L6_V2
  }

  /** The Qdrant server (gRPC). */
  private final Qdrant qdrant = new Qdrant();
  /** Logical collections: name to vector dimension. */
  private Map<String, Integer> collections = new LinkedHashMap<>();
  /** Whether the collections are created (if missing) at start-up. */
  private boolean ensureCollections = true;
  /** The embedding provider to define; it is wrapped in the deduplicating decorator. */
  private Embedding embedding = Embedding.NONE;
  /** Dimension of the hashing provider. */
  private int hashingDimension = 384;

  /** Qdrant's address. */
  public static class Qdrant {
    /** Host name; setting it turns the vector part on. */
    private String host;
    /** gRPC port. */
    private int port = 6334;
    /** Whether to use TLS. */
    private boolean tls;
    /** API key (never logged). */
    private String apiKey;

    public String getHost() {
      return host;
    }

    public void setHost(String host) {
      this.host = host;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public boolean isTls() {
      return tls;
    }

    public void setTls(boolean tls) {
      this.tls = tls;
    }

    public String getApiKey() {
      return apiKey;
    }

    public void setApiKey(String apiKey) {
      this.apiKey = apiKey;
    }

    @Override
    public String toString() {
      return "Qdrant[" + host + ":" + port + (tls ? ", tls" : "") + ", apiKey=" + Secrets.mask(apiKey) + "]";
    }
  }

  public Qdrant getQdrant() {
    return qdrant;
  }

  public Map<String, Integer> getCollections() {
    return collections;
  }

  public void setCollections(Map<String, Integer> collections) {
    this.collections = collections;
  }

  public boolean isEnsureCollections() {
    return ensureCollections;
  }

  public void setEnsureCollections(boolean ensureCollections) {
    this.ensureCollections = ensureCollections;
  }

  public Embedding getEmbedding() {
    return embedding;
  }

  public void setEmbedding(Embedding embedding) {
    this.embedding = embedding;
  }

  public int getHashingDimension() {
    return hashingDimension;
  }

  public void setHashingDimension(int hashingDimension) {
    this.hashingDimension = hashingDimension;
  }

  @Override
  public String toString() {
    return "StrataVectorProperties[qdrant=" + qdrant + ", collections=" + collections + ", embedding=" + embedding + "]";
  }
}
