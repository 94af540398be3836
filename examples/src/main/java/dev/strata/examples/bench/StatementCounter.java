package dev.strata.examples.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the SQL statements a piece of code sends, by wrapping the connection it is given: every
 * {@code execute*} call on a statement created from it counts once (a batch counts once per
 * {@code executeBatch}). This measures what the harness reports as {@code statements_per_load}.
 */
final class StatementCounter {

  private final LongAdder executed = new LongAdder();

  long count() {
    return executed.sum();
  }

  void reset() {
    executed.reset();
  }

  /** A data source whose connections' statements are counted. */
  javax.sql.DataSource wrap(javax.sql.DataSource dataSource) {
    return proxy(javax.sql.DataSource.class, dataSource, (target, method, args) -> {
      Object result = invoke(target, method, args);
      return result instanceof Connection c ? wrap(c) : result;
    });
  }

  /** A view of {@code connection} whose statements are counted; closing it closes the original. */
  Connection wrap(Connection connection) {
    return proxy(Connection.class, connection, (target, method, args) -> {
      Object result = invoke(target, method, args);
      if (result instanceof Statement statement) {
        Class<? extends Statement> type = statementType(statement);
        return proxy(type, statement, (s, m, a) -> {
          if (m.getName().startsWith("execute")) {
            executed.increment();
          }
          return invoke(s, m, a);
        });
      }
      return result;
    });
  }

  private static Class<? extends Statement> statementType(Statement s) {
    if (s instanceof java.sql.CallableStatement) {
      return java.sql.CallableStatement.class;
    }
    if (s instanceof java.sql.PreparedStatement) {
      return java.sql.PreparedStatement.class;
    }
    return Statement.class;
  }

  private interface Handler<T> {
    Object handle(T target, java.lang.reflect.Method method, Object[] args) throws Throwable;
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<? extends T> type, T target, Handler<T> handler) {
    InvocationHandler h = (p, m, a) -> handler.handle(target, m, a);
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
  }
}
