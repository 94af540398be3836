/**
 * A read/write {@link javax.sql.DataSource} router over a PostgreSQL primary and streaming replicas:
 * lag-aware, with read-your-writes by WAL LSN and failover to the primary. Entry point:
 * {@link dev.strata.routing.RoutingDataSource#create(RoutingConfig)}.
 *
 * <p>Arguments and return values are non-null unless documented otherwise.
 */
package dev.strata.routing;
