/**
 * Units of work: a transaction over a Jdbi handle or a plain {@link java.sql.Connection} that collects
 * what it changed ({@link dev.strata.core.tx.ChangeSet}) and callbacks that run only after it committed
 * ({@link dev.strata.core.tx.UnitOfWork#afterCommit}) or after it rolled back. Entry point:
 * {@link dev.strata.core.tx.Transactor}.
 *
 * <p>Arguments and return values are non-null unless documented otherwise.
 */
package dev.strata.core.tx;
