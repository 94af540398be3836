package dev.strata.core.tx;

import java.util.Optional;

/**
 * Told about every unit of work a {@link Transactor} committed, with the read-your-writes token of
 * the commit; see {@link Transactor.Builder#onCommitted}. The token is the one the transactor's own
 * {@link TokenCapture} read on the unit's connection after the commit, so it is known here even when
 * the unit runs inside a router's write whose session token is advanced only later.
 */
@FunctionalInterface
public interface CommitListener {

  /**
   * Called after the commit, once per committed unit of work, on the thread that ran it. An exception
   * is logged and counted ({@link Transactor#callbackFailures()}); the write still succeeds.
   *
   * @param changes what the unit declared it changed
   * @param token   the token read after the commit; empty without a capture or when the capture failed
   */
  void committed(ChangeSet changes, Optional<String> token);
}
