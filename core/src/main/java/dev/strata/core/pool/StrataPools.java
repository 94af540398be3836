package dev.strata.core.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates HikariCP pools from {@link PoolSettings}. */
public final class StrataPools {

  private static final Logger log = LoggerFactory.getLogger(StrataPools.class);

  private StrataPools() {}

  /**
   * A started pool. The caller owns it and closes it. The settings are logged without the password.
   * The settings' {@link PoolSettings#customizer() customizer} is applied last, before the pool starts.
   */
  public static HikariDataSource create(PoolSettings settings) {
    Objects.requireNonNull(settings, "settings");
    HikariConfig c = new HikariConfig();
    c.setPoolName(settings.poolName());
    c.setJdbcUrl(settings.jdbcUrl());
    if (settings.username() != null) {
      c.setUsername(settings.username());
    }
    if (settings.password() != null && !settings.password().isEmpty()) {
      c.setPassword(settings.password());
    }
    c.setMaximumPoolSize(settings.maxPoolSize());
    c.setMinimumIdle(settings.minIdle());
    c.setIdleTimeout(settings.idleTimeout().toMillis());
    c.setConnectionTimeout(settings.connectionTimeout().toMillis());
    c.setMaxLifetime(settings.maxLifetime().toMillis());
    c.setReadOnly(settings.readOnly());
    // Prepared statements are cached server-side by pgjdbc after 5 uses; keep more of them per connection.
    c.addDataSourceProperty("preparedStatementCacheQueries", "512");
    // Last, so the host's hook sees (and may override) everything set above.
    settings.customizer().accept(c);
    log.info("{} - creating pool {}", settings.poolName(), settings);
    return new HikariDataSource(c);
  }
}
