package dev.strata.examples.demo;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Counts the SQL statements sent through a data source: every {@code execute*} call on a statement
 * of one of its connections counts once. The page's "statements per page" chart divides it by pages.
 */
final class StatementCount {

  private final LongAdder executed = new LongAdder();

  long count() {
    return executed.sum();
  }

  /** {@code dataSource} with its statements counted; everything else is passed through. */
  DataSource wrap(DataSource dataSource) {
    return proxy(DataSource.class, dataSource, (target, method, args) -> {
      Object result = invoke(target, method, args);
      return result instanceof Connection c ? wrap(c) : result;
    });
  }

  private Connection wrap(Connection connection) {
    return proxy(Connection.class, connection, (target, method, args) -> {
      Object result = invoke(target, method, args);
      if (result instanceof Statement statement) {
        return proxy(typeOf(statement), statement, (s, m, a) -> {
          if (m.getName().startsWith("execute")) {
            executed.increment();
          }
          return invoke(s, m, a);
        });
      }
      return result;
    });
  }

  private static Class<? extends Statement> typeOf(Statement s) {
    if (s instanceof CallableStatement) {
      return CallableStatement.class;
    }
    return s instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
  }

  private interface Call {
    Object on(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable;
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Object target, Call call) {
    InvocationHandler h = (p, method, args) -> call.on(target, method, args);
    return (T) Proxy.newProxyInstance(StatementCount.class.getClassLoader(), new Class<?>[] {type}, h);
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause(); // the driver's own SQLException, not the reflection wrapper
    }
  }
}
