package dev.strata.routing;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done with a routed connection by {@link RoutingDataSource#read(SqlWork)} and
 * {@link RoutingDataSource#write(SqlWork)}. The router opens and closes the connection.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface SqlWork<T> {

  /** Runs against {@code connection}; must not close it or keep it past the call. */
  T run(Connection connection) throws SQLException;
}
