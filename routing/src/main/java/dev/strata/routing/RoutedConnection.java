package dev.strata.routing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection {@link RoutingDataSource#getConnection()} hands out. It borrows nothing until the
 * first call that needs a server (a statement, metadata, ...): settings made before that
 * ({@code setReadOnly}, {@code setAutoCommit}, isolation, schema) are remembered and replayed on the
 * real connection, so {@code setReadOnly(true)} after {@code getConnection()} — what Spring's
 * {@code @Transactional(readOnly = true)} does — still routes to a replica.
 */
final class RoutedConnection implements InvocationHandler {

  private static final Logger log = LoggerFactory.getLogger(RoutedConnection.class);

  private final RoutingDataSource router;
  private final RoutingScope scope;
  private Lease lease;
  private boolean closed;
  private Boolean readOnly;
  private boolean autoCommit = true;
  private boolean autoCommitSet;
  private Integer isolation;
  private String schema;
  private String catalog;
  private Integer holdability;

  private RoutedConnection(RoutingDataSource router, RoutingScope scope) {
    this.router = router;
    this.scope = scope;
  }

  /** The proxy class's constructor, looked up once rather than on every getConnection(). */
  private static final java.lang.invoke.MethodHandle PROXY;

  static {
    Class<?> type = Proxy.newProxyInstance(RoutedConnection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> null).getClass();
    try {
      PROXY = java.lang.invoke.MethodHandles.publicLookup()
          .findConstructor(type, java.lang.invoke.MethodType.methodType(void.class, InvocationHandler.class))
          .asType(java.lang.invoke.MethodType.methodType(Connection.class, InvocationHandler.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static Connection create(RoutingDataSource router) {
    RoutedConnection handler = new RoutedConnection(router, RoutingScope.current(router));
    try {
      return (Connection) PROXY.invokeExact((InvocationHandler) handler);
    } catch (Throwable e) {
      throw new IllegalStateException("could not create a routed connection", e);
    }
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    switch (name) {
      case "close":
        close();
        return null;
      case "isClosed":
        return closed || (lease != null && lease.connection().isClosed());
      case "toString":
        return "RoutedConnection[" + (lease == null ? "undecided" : lease.target()) + (closed ? ", closed" : "") + "]";
      case "hashCode":
        return System.identityHashCode(proxy);
      case "equals":
        return proxy == args[0];
      default:
        break;
    }
    if (closed) {
      throw new SQLException("connection is closed", "08003");
    }
    if (lease == null) {
      switch (name) {
        case "setReadOnly":
          readOnly = (Boolean) args[0];
          return null;
        case "isReadOnly":
          return Boolean.TRUE.equals(readOnly);
        case "setAutoCommit":
          autoCommit = (Boolean) args[0];
          autoCommitSet = true;
          return null;
        case "getAutoCommit":
          return autoCommit;
        case "setTransactionIsolation":
          isolation = (Integer) args[0];
          return null;
        case "setSchema":
          schema = (String) args[0];
          return null;
        case "setCatalog":
          catalog = (String) args[0];
          return null;
        case "setHoldability":
          holdability = (Integer) args[0];
          return null;
        case "commit":
        case "rollback":
          if (args == null) {
            return null; // nothing was sent, nothing to end
          }
          break;
        case "getWarnings":
          return null;
        case "clearWarnings":
          return null;
        case "getTransactionIsolation":
          if (isolation != null) {
            return isolation;
          }
          break;
        default:
          break;
      }
      if (name.equals("createStatement") && routesByStatement()) {
        // no SQL yet: the statement decides at its first execute(sql)
        return Proxy.newProxyInstance(RoutedConnection.class.getClassLoader(), new Class<?>[] {Statement.class},
            new LazyStatement((Connection) proxy, args));
      }
      String sql = (name.startsWith("prepare") || name.equals("nativeSQL")) && args != null && args[0] instanceof String s ? s : null;
      decide(sql);
    }
    return invokeOn(lease.connection(), method, args);
  }

  private boolean routesByStatement() {
    return router.config().routeByStatement() && scope == null && !Boolean.TRUE.equals(readOnly) && autoCommit;
  }

  /**
   * A {@code createStatement()} made before the connection chose its server, under statement
   * routing: setters are remembered, and the first call that carries SQL ({@code execute*},
   * {@code addBatch}) makes the connection decide on that SQL; any other call decides without it.
   */
  private final class LazyStatement implements InvocationHandler {
    private final Connection connectionProxy;
    private final Object[] createArgs;
    private final List<Object[]> settings = new ArrayList<>();
    private final List<Method> setters = new ArrayList<>();
    private Statement real;
    private boolean closed;

    LazyStatement(Connection connectionProxy, Object[] createArgs) {
      this.connectionProxy = connectionProxy;
      this.createArgs = createArgs;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (real == null) {
        switch (name) {
          case "close":
            closed = true;
            return null;
          case "isClosed":
            return closed;
          case "getConnection":
            return connectionProxy;
          case "toString":
            return "RoutedStatement[undecided]";
          case "hashCode":
            return System.identityHashCode(proxy);
          case "equals":
            return proxy == args[0];
          default:
            break;
        }
        if (closed || RoutedConnection.this.closed) {
          throw new SQLException("statement is closed", "08003");
        }
        if (name.startsWith("set") && method.getReturnType() == void.class) {
          setters.add(method);
          settings.add(args);
          return null;
        }
        String sql = (name.startsWith("execute") || name.equals("addBatch")) && args != null && args.length > 0
            && args[0] instanceof String s ? s : null;
        if (lease == null) {
          decide(sql);
        }
        Method create = Connection.class.getMethod("createStatement", types(createArgs));
        real = (Statement) invokeOn(lease.connection(), create, createArgs);
        for (int i = 0; i < setters.size(); i++) {
          invokeOn(real, setters.get(i), settings.get(i));
        }
      }
      if (name.equals("getConnection")) {
        return connectionProxy;
      }
      return invokeOn(real, method, args);
    }
  }

  private static Class<?>[] types(Object[] createArgs) {
    int n = createArgs == null ? 0 : createArgs.length;
    Class<?>[] types = new Class<?>[n];
    java.util.Arrays.fill(types, int.class); // createStatement(), (int, int), (int, int, int)
    return types;
  }

  private static Object invokeOn(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private void decide(String sql) throws SQLException {
    Lease chosen;
    if (scope != null && scope.kind() == RoutingScope.Kind.WRITE) {
      chosen = router.primaryForWrite("write scope");
    } else if (sql != null && Statements.isLocking(sql)) {
      chosen = router.primaryForWrite("locking read");
    } else if (scope != null && scope.kind() == RoutingScope.Kind.SESSION) {
      chosen = Boolean.TRUE.equals(readOnly)
          ? router.leaseForRead(scope.session().currentToken(), null, "read-only connection, session scope")
          : router.primaryForWrite("session scope");
      scope.routedTo(chosen.replica());
    } else if (scope != null) {
      RoutingSession session = scope.session();
      chosen = router.leaseForRead(session == null ? null : session.currentToken(), null, "read scope");
      scope.routedTo(chosen.replica());
    } else if (Boolean.TRUE.equals(readOnly)) {
      chosen = router.leaseForRead(null, null, "read-only connection");
    } else if (router.config().routeByStatement() && autoCommit && sql != null && Statements.isPlainRead(sql)) {
      chosen = router.leaseForRead(null, null, "read statement");
    } else {
      chosen = router.primaryForWrite("default");
    }
    try {
      Connection c = chosen.connection();
      if (readOnly != null) {
        c.setReadOnly(readOnly);
      }
      if (autoCommitSet) {
        c.setAutoCommit(autoCommit);
      }
      if (isolation != null) {
        c.setTransactionIsolation(isolation);
      }
      if (schema != null) {
        c.setSchema(schema);
      }
      if (catalog != null) {
        c.setCatalog(catalog);
      }
      if (holdability != null) {
        c.setHoldability(holdability);
      }
    } catch (SQLException | RuntimeException e) {
      router.release(chosen);
      throw e;
    }
    lease = chosen;
  }

  private void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    if (lease == null) {
      return;
    }
    try {
      if (scope != null && scope.session() != null && lease.replica() == null
          && (scope.kind() == RoutingScope.Kind.WRITE || scope.kind() == RoutingScope.Kind.SESSION && !Boolean.TRUE.equals(readOnly))) {
        recordToken(scope.session());
      }
    } finally {
      router.release(lease);
    }
  }

  private void recordToken(RoutingSession session) {
    Connection c = lease.connection();
    try {
      if (!c.isClosed()) {
        if (!c.getAutoCommit()) {
          c.rollback(); // what the pool does on close anyway; the token is read outside any transaction
        }
        session.advance(ConsistencyToken.current(c));
      }
    } catch (SQLException e) {
      log.warn("[{}] could not read the primary's WAL position after a write; the session keeps its token: {}", router.name(), e.getMessage());
    }
  }
}
