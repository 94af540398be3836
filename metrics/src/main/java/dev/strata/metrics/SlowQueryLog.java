package dev.strata.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DataSource} wrapper that times every statement execution, records them in a timer
 * ({@code strata.sql.statements}) and logs those slower than a threshold at WARN on the
 * {@code dev.strata.metrics.SlowQueryLog} logger, counting them in {@code strata.sql.slow}. Only the
 * SQL text is logged — never bound parameters, which may hold personal data or secrets.
 *
 * <pre>{@code
 * DataSource ds = SlowQueryLog.wrap(pool, registry);                            // 1000 ms
 * DataSource ds = SlowQueryLog.wrap(pool, Duration.ofMillis(200), registry);   // or your own
 * }</pre>
 */
public final class SlowQueryLog implements DataSource {

  /** The product plan's slow-query threshold: 1000 ms. */
  public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(SlowQueryLog.class);
  private static final int MAX_SQL_CHARS = 500;

  private final DataSource delegate;
  private final long thresholdNanos;
  private final Timer statements;
  private final Counter slow;

  private SlowQueryLog(DataSource delegate, Duration threshold, MeterRegistry registry) {
    this.delegate = delegate;
    this.thresholdNanos = threshold.toNanos();
    this.statements = Timer.builder("strata.sql.statements").description("statement executions").register(registry);
    this.slow = Counter.builder("strata.sql.slow").description("statements slower than the slow-query threshold")
        .tag("threshold_ms", String.valueOf(threshold.toMillis())).register(registry);
  }

  /** Wraps {@code dataSource} with the {@link #DEFAULT_THRESHOLD} of 1000 ms. */
  public static SlowQueryLog wrap(DataSource dataSource, MeterRegistry registry) {
    return wrap(dataSource, DEFAULT_THRESHOLD, registry);
  }

  /**
   * Wraps {@code dataSource}.
   *
   * @param threshold executions slower than this are logged; must be > 0
   */
  public static SlowQueryLog wrap(DataSource dataSource, Duration threshold, MeterRegistry registry) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(registry, "registry");
    if (threshold.isNegative() || threshold.isZero()) {
      throw new IllegalArgumentException("threshold must be > 0, was: " + threshold);
    }
    return new SlowQueryLog(dataSource, threshold, registry);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return connection(delegate.getConnection(username, password));
  }

  private Connection connection(Connection real) {
    return (Connection) Proxy.newProxyInstance(SlowQueryLog.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          Object result = invoke(real, method, args);
          if (result instanceof Statement st) {
            String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
            Class<?> type = st instanceof CallableStatement ? CallableStatement.class
                : st instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
            return Proxy.newProxyInstance(SlowQueryLog.class.getClassLoader(), new Class<?>[] {type},
                new Timed(st, sql));
          }
          return result;
        });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Times the execute methods of one statement. */
  private final class Timed implements InvocationHandler {
    private final Statement statement;
    private final String preparedSql;

    Timed(Statement statement, String preparedSql) {
      this.statement = statement;
      this.preparedSql = preparedSql;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (!method.getName().startsWith("execute")) {
        return SlowQueryLog.invoke(statement, method, args);
      }
      long t0 = System.nanoTime();
      try {
        return SlowQueryLog.invoke(statement, method, args);
      } finally {
        long nanos = System.nanoTime() - t0;
        statements.record(nanos, TimeUnit.NANOSECONDS);
        if (nanos >= thresholdNanos) {
          slow.increment();
          String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : preparedSql;
          if (log.isWarnEnabled()) {
            log.warn("slow statement: {} ms: {}", TimeUnit.NANOSECONDS.toMillis(nanos), shorten(sql));
          }
        }
      }
    }
  }

  static String shorten(String sql) {
    if (sql == null) {
      return "(batch)";
    }
    String s = sql.replaceAll("\\s+", " ").strip();
    return s.length() <= MAX_SQL_CHARS ? s : s.substring(0, MAX_SQL_CHARS) + "…";
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || delegate.isWrapperFor(iface);
  }
}
