package dev.strata.examples.bench.workload;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * A view of a pool that counts, on the client side, the statements its connections execute (each
 * {@code execute*} call once) and the most connections checked out at the same time. A statement
 * executed by a thread while it serves a read page of the workload ({@link Workload#servingReadPage()})
 * is also counted as a read-page statement; every other one (content creation, background indexing,
 * the outbox) is on the write side.
 */
final class CountingDataSource {

  private final DataSource view;
  private final LongAdder statements = new LongAdder();
  private final LongAdder readPageStatements = new LongAdder();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  CountingDataSource(DataSource pool) {
    this.view = proxy(DataSource.class, pool, (target, m, a) -> {
      Object r = invoke(target, m, a);
      if (r instanceof Connection c && m.getName().equals("getConnection")) {
        peak.accumulateAndGet(active.incrementAndGet(), Math::max);
        return connection(c);
      }
      return r;
    });
  }

  /** The counting data source to hand to the code under measurement. */
  DataSource dataSource() {
    return view;
  }

  long statements() {
    return statements.sum();
  }

  long readPageStatements() {
    return readPageStatements.sum();
  }

  int peakActive() {
    return peak.get();
  }

  void reset() {
    statements.reset();
    readPageStatements.reset();
    peak.set(active.get());
  }

  private Connection connection(Connection c) {
    AtomicBoolean closed = new AtomicBoolean();
    return proxy(Connection.class, c, (target, m, a) -> {
      if (m.getName().equals("close") && closed.compareAndSet(false, true)) {
        active.decrementAndGet();
      }
      Object r = invoke(target, m, a);
      if (r instanceof Statement s) {
        return statement(s);
      }
      return r;
    });
  }

  private Statement statement(Statement s) {
    Class<? extends Statement> type = s instanceof CallableStatement ? CallableStatement.class
        : s instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return proxy(type, s, (target, m, a) -> {
      if (m.getName().startsWith("execute")) {
        statements.increment();
        if (Workload.servingReadPage()) {
          readPageStatements.increment();
        }
      }
      return invoke(target, m, a);
    });
  }

  private interface Handler<T> {
    Object handle(T target, Method method, Object[] args) throws Throwable;
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
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
