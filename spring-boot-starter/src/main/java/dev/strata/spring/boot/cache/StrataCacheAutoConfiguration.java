package dev.strata.spring.boot.cache;

import dev.strata.cache.CacheCodec;
import dev.strata.cache.CacheCodecs;
import dev.strata.cache.CacheListener;
import dev.strata.cache.TieredCache;
import dev.strata.cache.TieredCacheBuilder;
import dev.strata.metrics.CacheMetrics;
import dev.strata.spring.boot.StrataPropertyException;
import dev.strata.spring.boot.internal.Props;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's {@link TieredCache} from {@code strata.cache.*} (on when
 * {@code strata.cache.namespace} is set) and a Spring {@link CacheManager} over it. Runs before
 * Spring Boot's cache auto-configuration, which then backs off; {@code @EnableCaching} stays the
 * host's choice.
 */
@AutoConfiguration(
    beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
    afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(TieredCache.class)
@ConditionalOnProperty(prefix = "strata.cache", name = "namespace")
@EnableConfigurationProperties(StrataCacheProperties.class)
public class StrataCacheAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(StrataCacheAutoConfiguration.class);
  private static final String P = "strata.cache.";

  /** Created by Spring. */
  public StrataCacheAutoConfiguration() {}

  /** Remembers the breaker's state for the health indicator. */
  @Bean
  @ConditionalOnMissingBean
  public CacheCircuitState strataCacheCircuitState() {
    return new CacheCircuitState();
  }

  /** The codec: the host's {@link CacheCodec} bean (or Jackson JSON) under Spring's typed values. */
  private static SpringValueCodec springValueCodec(StrataCacheProperties props, ObjectProvider<CacheCodec> codec,
      BeanFactory beanFactory) {
    List<String> trusted = new ArrayList<>(props.getSpring().getTrustedPackages());
    if (AutoConfigurationPackages.has(beanFactory)) {
      trusted.addAll(AutoConfigurationPackages.get(beanFactory));
    }
    ClassLoader loader = beanFactory instanceof org.springframework.beans.factory.config.ConfigurableBeanFactory c
        && c.getBeanClassLoader() != null ? c.getBeanClassLoader() : StrataCacheAutoConfiguration.class.getClassLoader();
    return new SpringValueCodec(codec.getIfAvailable(CacheCodecs::json), trusted, loader);
  }

  /**
   * The TieredCache; closed with the context. Every {@link CacheListener} bean receives its events;
   * a {@link CacheCodec} bean replaces the Jackson codec (wrapped to carry Spring cache values' types).
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public TieredCache strataTieredCache(StrataCacheProperties props, ObjectProvider<CacheCodec> codec,
      ObjectProvider<CacheListener> listeners, BeanFactory beanFactory) {
    TieredCacheBuilder b = TieredCache.builder();
    Props.apply(P + "name", props.getName(), b::name);
    Props.apply(P + "namespace", Props.required(P + "namespace", props.getNamespace()), b::namespace);
    if (props.getRedis() != null && !props.getRedis().isBlank() && !props.getRedisCluster().isEmpty()) {
      throw new StrataPropertyException(P + "redis", "set either strata.cache.redis or strata.cache.redis-cluster, not both");
    }
    if (props.getRedis() != null && !props.getRedis().isBlank()) {
      Props.apply(P + "redis", props.getRedis(), b::redis);
    } else if (!props.getRedisCluster().isEmpty()) {
      Props.apply(P + "redis-cluster", props.getRedisCluster(), b::redisCluster);
    }
    if (!props.isL1Enabled()) {
      Props.apply(P + "l1-enabled", Boolean.FALSE, v -> b.disableL1());
    }
    Props.apply(P + "l1-maximum-size", props.getL1MaximumSize(), b::l1MaximumSize);
    Props.apply(P + "l1-max-ttl", props.getL1MaxTtl(), b::l1MaxTtl);
    Props.apply(P + "command-timeout", props.getCommandTimeout(), b::commandTimeout);
    Props.apply(P + "negative-ttl", props.getNegativeTtl(), b::negativeTtl);
    Props.apply(P + "ttl-jitter", props.getTtlJitter(), b::ttlJitter);
    Props.apply(P + "coherence", props.getCoherence(), b::coherence);
    b.codec(springValueCodec(props, codec, beanFactory));
    List<CacheListener> all = listeners.orderedStream().toList();
    if (!all.isEmpty()) {
      b.listener(all.size() == 1 ? all.get(0) : CacheListener.all(all.toArray(CacheListener[]::new)));
    }
    TieredCache cache;
    try {
      cache = b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new StrataPropertyException("strata.cache", dev.strata.spring.boot.internal.Secrets.maskUri(e.getMessage()));
    }
    log.info("Strata cache {} configured: {}", props.getName(), props);
    return cache;
  }

  /** The Spring {@link CacheManager} over the TieredCache; off with {@code strata.cache.spring.enabled=false}. */
  @Bean
  @ConditionalOnMissingBean(CacheManager.class)
  @ConditionalOnBooleanProperty(name = "strata.cache.spring.enabled", matchIfMissing = true)
  public StrataCacheManager cacheManager(TieredCache cache, StrataCacheProperties props) {
    StrataCacheProperties.Spring spring = props.getSpring();
    checkTtl(P + "spring.default-ttl", spring.getDefaultTtl());
    Map<String, Duration> ttls = new LinkedHashMap<>();
    spring.getCaches().forEach((name, spec) -> {
      Duration ttl = spec.getTtl() == null ? spring.getDefaultTtl() : spec.getTtl();
      checkTtl(P + "spring.caches." + name + ".ttl", ttl);
      checkGroup(P + "spring.caches." + name, name);
      ttls.put(name, ttl);
    });
    return new StrataCacheManager(cache, ttls, spring.getDefaultTtl(), spring.isDynamic(), spring.isTransactionAware());
  }

  private static void checkTtl(String property, Duration ttl) {
    if (ttl == null || ttl.compareTo(Duration.ofMillis(1)) < 0) {
      throw new StrataPropertyException(property, "must be at least 1ms, was: " + ttl);
    }
    if (ttl.compareTo(Duration.ofDays(3650)) > 0) {
      throw new StrataPropertyException(property, "must be at most 3650 days, was: " + ttl);
    }
  }

  private static void checkGroup(String property, String name) {
    if (name.isBlank() || name.chars().anyMatch(ch -> "{}*?[]\\".indexOf(ch) >= 0)) {
      throw new StrataPropertyException(property, "a cache name is a Redis group and must not be blank nor contain { } * ? [ ] \\, was: " + name);
    }
  }

  /** Records the cache's events in Micrometer when strata-metrics and a registry are present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({CacheMetrics.class, MeterRegistry.class})
  @ConditionalOnBean(MeterRegistry.class)
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean(CacheMetrics.class)
    CacheMetrics strataCacheMetrics(MeterRegistry registry, StrataCacheProperties props) {
      return CacheMetrics.create(registry, props.getName());
    }
  }
}
