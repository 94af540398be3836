package dev.strata.spring.boot.routing;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.metrics.PoolMetrics;
import dev.strata.metrics.RoutingMetrics;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.routing.RoutingListener;
import dev.strata.spring.boot.StrataPropertyException;
import dev.strata.spring.boot.internal.Props;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's {@link DataSource}: a {@link RoutingDataSource} over pools made from
 * {@code strata.routing.*} (on when {@code strata.routing.primary.url} is set). Runs before Spring
 * Boot's DataSource auto-configuration, which then backs off, so Spring's transaction manager and
 * {@code JdbcTemplate} use the router: a {@code @Transactional(readOnly = true)} method's connection
 * is chosen at its first statement, after Spring has marked it read-only, and goes to a replica.
 */
@AutoConfiguration(
    beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({RoutingDataSource.class, StrataPools.class})
@ConditionalOnProperty(prefix = "strata.routing.primary", name = "url")
@EnableConfigurationProperties(StrataRoutingProperties.class)
public class StrataRoutingAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(StrataRoutingAutoConfiguration.class);
  private static final String P = "strata.routing.";

  /** Created by Spring. */
  public StrataRoutingAutoConfiguration() {}

  /** The primary's and replicas' pools. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public RoutingPools strataRoutingPools(StrataRoutingProperties props) {
    StrataRoutingProperties.Pool primary = props.getPrimary();
    Props.required(P + "primary.url", primary.getUrl());
    Map<String, PoolSettings> settings = new LinkedHashMap<>();
    PoolSettings primarySettings = settings(P + "primary.", props.getName() + "-primary", primary, primary);
    props.getReplicas().forEach((name, pool) -> {
      if (name.isBlank()) {
        throw new StrataPropertyException(P + "replicas", "a replica name must not be blank");
      }
      settings.put(name, settings(P + "replicas." + name + ".", props.getName() + "-" + name, pool, primary));
    });
    HikariDataSource primaryPool = StrataPools.create(primarySettings);
    Map<String, HikariDataSource> replicas = new LinkedHashMap<>();
    try {
      settings.forEach((name, s) -> replicas.put(name, StrataPools.create(s)));
    } catch (RuntimeException e) {
      replicas.values().forEach(HikariDataSource::close);
      primaryPool.close();
      throw e;
    }
    return new RoutingPools(primaryPool, replicas);
  }

  private static PoolSettings settings(String prefix, String poolName, StrataRoutingProperties.Pool pool,
      StrataRoutingProperties.Pool primary) {
    PoolSettings.Builder b = PoolSettings.builder();
    Props.apply(prefix + "url", Props.required(prefix + "url", pool.getUrl()), b::jdbcUrl);
    Props.apply(prefix + "username", pool.getUsername() != null ? pool.getUsername() : primary.getUsername(), b::username);
    b.password(pool.getPassword() != null ? pool.getPassword() : primary.getPassword());
    Props.apply(prefix + "url", poolName, b::poolName);
    Props.apply(prefix + "maximum-pool-size", pool.getMaximumPoolSize(), b::maxPoolSize);
    Props.apply(prefix + "connection-timeout", pool.getConnectionTimeout(), b::connectionTimeout);
    try {
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new StrataPropertyException(prefix.substring(0, prefix.length() - 1), dev.strata.spring.boot.internal.Secrets.maskUri(e.getMessage()));
    }
  }

  /** The router, the application's {@code DataSource}. Every {@link RoutingListener} bean receives its events. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(DataSource.class)
  public RoutingDataSource dataSource(StrataRoutingProperties props, RoutingPools pools,
      ObjectProvider<RoutingListener> listeners) {
    RoutingConfig.Builder b = RoutingConfig.builder();
    Props.apply(P + "name", props.getName(), b::name);
    b.primary(pools.primary());
    pools.replicas().forEach((name, pool) -> Props.apply(P + "replicas." + name, pool, p -> b.replica(name, p)));
    Props.apply(P + "max-lag-bytes", props.getMaxLagBytes(), b::maxLagBytes);
    Props.apply(P + "max-lag-time", props.getMaxLagTime(), b::maxLagTime);
    Props.apply(P + "check-interval", props.getCheckInterval(), b::checkInterval);
    Props.apply(P + "read-your-writes-wait", props.getReadYourWritesWait(), b::readYourWritesWait);
    Props.apply(P + "primary-outage-read-wait", props.getPrimaryOutageReadWait(), b::primaryOutageReadWait);
    Props.apply(P + "balancing", props.getBalancing(), b::balancing);
    Props.apply(P + "route-by-statement", props.getRouteByStatement(), b::routeByStatement);
    Props.apply(P + "max-sessions", props.getMaxSessions(), b::maxSessions);
    RoutingListener listener = listeners.getIfUnique();
    if (listener != null) {
      b.listener(listener);
    }
    RoutingDataSource router = RoutingDataSource.create(b.build());
    log.info("Strata routing configured: {}", props);
    return router;
  }

  /** Routing and pool meters when strata-metrics and a registry are present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({RoutingMetrics.class, MeterRegistry.class})
  @ConditionalOnBean(MeterRegistry.class)
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean(RoutingListener.class)
    RoutingMetrics strataRoutingMetrics(MeterRegistry registry) {
      return RoutingMetrics.create(registry);
    }

    @Bean
    SmartInitializingSingleton strataPoolMetrics(RoutingPools pools, MeterRegistry registry) {
      return () -> {
        PoolMetrics.bind(pools.primary(), registry);
        pools.replicas().values().forEach(p -> PoolMetrics.bind(p, registry));
      };
    }
  }

  /** Read-your-writes per request or per user in a servlet application. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({Filter.class, FilterRegistrationBean.class})
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static class Web {
    @Bean
    @ConditionalOnMissingBean
    RoutingSessionResolver strataRoutingSessionResolver(StrataRoutingProperties props) {
      return props.getReadYourWrites() == StrataRoutingProperties.ReadYourWrites.USER
          ? RoutingSessionResolver.perUser() : RoutingSessionResolver.perRequest();
    }

    /** After Spring Security's filters (order -100), so the principal is known. */
    @Bean
    @ConditionalOnMissingBean(name = "strataReadYourWritesFilter")
    @ConditionalOnExpression("!'${strata.routing.read-your-writes:request}'.equalsIgnoreCase('none')")
    FilterRegistrationBean<ReadYourWritesFilter> strataReadYourWritesFilter(RoutingDataSource router,
        RoutingSessionResolver resolver) {
      FilterRegistrationBean<ReadYourWritesFilter> reg = new FilterRegistrationBean<>(new ReadYourWritesFilter(router, resolver));
      reg.setOrder(0);
      return reg;
    }
  }
}
