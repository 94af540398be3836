package dev.strata.testkit;

/**
 * One server process the testkit started itself — a PostgreSQL primary or replica, the standalone
 * Redis, a Redis Cluster node — for fault injection in tests. Obtain one from
 * {@link PostgreSQL#primaryProcess()}, {@link PostgreSQL#replicaProcess()},
 * {@link Redis#standaloneProcess()} or {@link RedisClusterNodes#nodeProcess(int)}; servers named by
 * environment variables or run in Docker are not the testkit's to signal, and those accessors throw
 * {@link UnsupportedOperationException} for them.
 *
 * <p>Three faults, each of the server's whole process tree (PostgreSQL's postmaster and every
 * backend, as when a host or container dies):
 * <ul>
 *   <li>{@link #kill()}: SIGKILL — no shutdown, no goodbye to clients; their sockets are reset and
 *       new connections are refused until {@link #restart()};</li>
 *   <li>{@link #freeze()} / {@link #thaw()}: SIGSTOP / SIGCONT — a hung server: its sockets stay
 *       open and the kernel still accepts new TCP connections, but nothing is answered, so clients
 *       wait for their own timeouts instead of seeing an error; after the thaw it answers what was
 *       sent meanwhile;</li>
 *   <li>{@link #restart()}: back on the same port with the same data directory, from any state
 *       (a killed server runs crash recovery; a running one is stopped cleanly first; a frozen one is
 *       thawed first). It returns once the server accepts connections.</li>
 * </ul>
 * A test that kills or freezes a shared server must restart or thaw it in a {@code finally}: other
 * test classes in the JVM use the same server. Each call returns once the signal took effect (a
 * killed server's processes have all exited).
 *
 * <p>Qdrant: the emulator runs inside the test JVM, so it has no process to kill or freeze; it offers
 * {@link QdrantServer#stop()} / {@link QdrantServer#start()} only.
 */
public interface ServerProcess {

  /** What this server is, for messages: {@code "PostgreSQL primary on port 5433"}. */
  String name();

  /** Whether the server is up (possibly frozen); false after {@link #kill()} or a stop. */
  boolean isRunning();

  /** Whether the server is frozen by {@link #freeze()} and not yet thawed. */
  boolean isFrozen();

  /**
   * The id of the server's main process (the postmaster, redis-server).
   *
   * @throws IllegalStateException if the server is not running
   */
  long pid();

  /**
   * SIGKILLs the server and every process it started, and waits until they have exited.
   *
   * @throws IllegalStateException if the server is not running
   */
  void kill();

  /**
   * SIGSTOPs the server and every process it started: a hung server that keeps its sockets open.
   *
   * @throws IllegalStateException if the server is not running or already frozen
   */
  void freeze();

  /**
   * SIGCONTs a server frozen by {@link #freeze()}.
   *
   * @throws IllegalStateException if the server is not frozen
   */
  void thaw();

  /**
   * Brings the server back on the same port and data directory, whatever its state (killed,
   * stopped, frozen or running), and returns once it accepts connections.
   */
  void restart();
}
