package dev.strata.testkit;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives each test class its own database on the shared {@link PostgreSQL}
 * servers: declare a {@link TestDatabase} parameter on a constructor, a {@code @BeforeAll},
 * {@code @BeforeEach} or test method. The database is dropped when the class finishes.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class VentureRepositoryIT {
 *   @Test
 *   void findsVentures(TestDatabase db) { ... db.dataSource() ... }
 * }
 * }</pre>
 */
public final class PostgresExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

  /** Creates the extension (JUnit does, through {@code @ExtendWith}). */
  public PostgresExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    Class<?> testClass = classContext.getRequiredTestClass();
    return classContext.getStore(NS)
        .computeIfAbsent(testClass, c -> new DroppedAtEnd(PostgreSQL.shared().newDatabase(testClass.getSimpleName())),
            DroppedAtEnd.class)
        .database;
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    return ClassContexts.of(context, "TestDatabase");
  }

  /** Drops the class's database when JUnit closes the class-level store. */
  private static final class DroppedAtEnd implements AutoCloseable {
    final TestDatabase database;

    DroppedAtEnd(TestDatabase database) {
      this.database = database;
    }

    @Override
    public void close() {
      PostgreSQL server = database.server();
      try (Connection c = server.primary().dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
      } catch (Exception e) {
        // the server may be stopped by a fault-injection test; it is discarded at JVM exit anyway
        org.slf4j.LoggerFactory.getLogger(PostgresExtension.class)
            .debug("could not drop {}: {}", database.name(), e.toString());
      }
    }
  }
}
