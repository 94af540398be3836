package dev.strata.core.tx;

/**
 * The body of a unit of work run by {@link Transactor}.
 *
 * @param <C> what it writes through: a Jdbi {@code Handle} or a {@code java.sql.Connection}
 * @param <T> its result
 */
@FunctionalInterface
public interface TransactionWork<C, T> {

  /**
   * Runs inside the transaction; must not commit, roll back or close {@code on}. Throwing rolls the
   * transaction back.
   */
  T run(C on, UnitOfWork unit) throws Exception;
}
