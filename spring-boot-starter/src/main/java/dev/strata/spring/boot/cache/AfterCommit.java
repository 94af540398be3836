package dev.strata.spring.boot.cache;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * Runs cache writes and invalidations after the current Spring transaction commits, or at once when
 * no transaction synchronization is active on this thread. A rolled-back transaction drops them.
 */
final class AfterCommit {

  private static final boolean SPRING_TX = ClassUtils.isPresent(
      "org.springframework.transaction.support.TransactionSynchronizationManager", AfterCommit.class.getClassLoader());

  private AfterCommit() {}

  /** Whether {@code action} was deferred (true) or has already run (false). */
  static boolean run(Runnable action) {
    if (SPRING_TX && TxBound.defer(action)) {
      return true;
    }
    action.run();
    return false;
  }

  /** Kept apart so that AfterCommit loads without spring-tx on the class path. */
  private static final class TxBound {
    static boolean defer(Runnable action) {
      if (!TransactionSynchronizationManager.isSynchronizationActive()) {
        return false;
      }
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          action.run();
        }
      });
      return true;
    }
  }
}
