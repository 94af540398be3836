package dev.strata.testkit.internal;

import dev.strata.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ServerProcess} over a server whose start, clean stop and main process id a backend knows:
 * the signals themselves are sent here, the same way for every kind of server.
 */
public final class ManagedServer implements ServerProcess {

  private static final Logger log = LoggerFactory.getLogger(ManagedServer.class);
  private static final long EXIT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

  /** What a backend does for its server. */
  public interface Control {
    /** Whether the backend has the server up. */
    boolean running();

    /** The main process id of the running server; called only while it is not frozen. */
    long pid();

    /** Starts the server on its port and data directory; returns once it accepts connections. */
    void start();

    /** Stops the running server cleanly. */
    void stop();

    /** Forgets a server whose processes were killed (releases handles and locks, does not signal). */
    void discard();
  }

  private final String name;
  private final Control control;
  private List<Long> frozen = List.of();

  public ManagedServer(String name, Control control) {
    this.name = name;
    this.control = control;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized boolean isRunning() {
    return control.running();
  }

  @Override
  public synchronized boolean isFrozen() {
    return !frozen.isEmpty();
  }

  @Override
  public synchronized long pid() {
    requireRunning("pid");
    return frozen.isEmpty() ? control.pid() : frozen.get(0);
  }

  @Override
  public synchronized void kill() {
    requireRunning("kill");
    // a frozen server may not be able to say its pid (Redis is asked over its socket)
    List<Long> tree = frozen.isEmpty() ? tree(control.pid()) : frozen;
    signal("KILL", tree); // SIGKILL also ends stopped processes: no thaw needed first
    awaitExit(tree);
    frozen = List.of();
    control.discard();
    log.info("testkit: {} killed (SIGKILL, pids {})", name, tree);
  }

  @Override
  public synchronized void freeze() {
    requireRunning("freeze");
    if (!frozen.isEmpty()) {
      throw new IllegalStateException(name + " is already frozen");
    }
    // the main process first, so that it forks nothing new while its children are being stopped
    List<Long> tree = tree(control.pid());
    signal("STOP", tree);
    frozen = tree;
    log.info("testkit: {} frozen (SIGSTOP, pids {})", name, tree);
  }

  @Override
  public synchronized void thaw() {
    if (frozen.isEmpty()) {
      throw new IllegalStateException(name + " is not frozen");
    }
    List<Long> alive = frozen.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).toList();
    if (!alive.isEmpty()) {
      signal("CONT", alive);
    }
    frozen = List.of();
    log.info("testkit: {} thawed (SIGCONT, pids {})", name, alive);
  }

  @Override
  public synchronized void restart() {
    if (!frozen.isEmpty()) {
      thaw();
    }
    if (control.running()) {
      control.stop();
    }
    control.start();
    log.info("testkit: {} restarted (pid {})", name, control.pid());
  }

  private void requireRunning(String what) {
    if (!control.running()) {
      throw new IllegalStateException("cannot " + what + " " + name + ": it is not running (restart() it first)");
    }
  }

  /** {@code pid} and all its descendants, {@code pid} first. */
  private static List<Long> tree(long pid) {
    ProcessHandle main = ProcessHandle.of(pid)
        .orElseThrow(() -> new IllegalStateException("no process " + pid + " (the server died on its own?)"));
    Set<Long> pids = new LinkedHashSet<>();
    pids.add(pid);
    main.descendants().forEach(h -> pids.add(h.pid()));
    return new ArrayList<>(pids);
  }

  /** Sends {@code signal} through kill(1): the JDK can send SIGKILL and SIGTERM only, not SIGSTOP or SIGCONT. */
  private static void signal(String signal, List<Long> pids) {
    List<String> command = new ArrayList<>(List.of("kill", "-s", signal));
    pids.forEach(p -> command.add(Long.toString(p)));
    try {
      Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      // a child that exited between listing and signalling makes kill(1) fail; the others got the signal
      boolean onlyGone = out.lines().allMatch(l -> l.contains("No such process"));
      if (kill.waitFor() != 0 && !onlyGone) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill(1)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + signal, e);
    }
  }

  private void awaitExit(List<Long> pids) {
    long deadline = System.nanoTime() + EXIT_WAIT_NANOS;
    for (long pid : pids) {
      while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + ": process " + pid + " still alive 20 s after SIGKILL");
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "ServerProcess[" + name + "]";
  }
}
