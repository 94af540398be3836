package dev.strata.testkit.internal;

import dev.strata.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * One redis-server process from the codemonstur embedded-redis artifact (Redis 6.2 binaries),
 * restartable on the same port and working directory (so a cluster node keeps its nodes.conf).
 */
public final class RedisProcess {

  private static final Logger log = LoggerFactory.getLogger(RedisProcess.class);

  private final int port;
  private final Path dir;
  private final List<String> settings;
  private RedisServer server;
  /** The process id read when frozen (the embedded-redis API does not expose its process). */
  private String pid;

  public RedisProcess(int port, Path dir, List<String> extraSettings) {
    this.port = port;
    this.dir = dir;
    this.settings = List.copyOf(extraSettings);
  }

  public int port() {
    return port;
  }

  /** The running server's process id, from INFO (embedded-redis does not expose its process); not while frozen. */
  public synchronized long processId() {
    try (RespClient c = new RespClient("127.0.0.1", port)) {
      return ((String) c.call("INFO", "server")).lines().filter(l -> l.startsWith("process_id:")).findFirst()
          .map(l -> Long.parseLong(l.substring("process_id:".length()).trim()))
          .orElseThrow(() -> new IllegalStateException("INFO server names no process_id on port " + port));
    }
  }

  /** This server as a {@link ServerProcess}; {@code afterStart} runs after each restart (a cluster node waits for the cluster). */
  public ServerProcess asServerProcess(String name, Runnable afterStart) {
    return new ManagedServer(name + " on port " + port, new ManagedServer.Control() {
      @Override
      public boolean running() {
        return RedisProcess.this.running();
      }

      @Override
      public long pid() {
        return processId();
      }

      @Override
      public void start() {
        RedisProcess.this.start();
        afterStart.run();
      }

      @Override
      public void stop() {
        RedisProcess.this.stop();
      }

      @Override
      public void discard() {
        RedisProcess.this.stop(); // the process is gone: this only forgets it
      }
    });
  }

  public synchronized boolean running() {
    return server != null && server.isActive();
  }

  public synchronized void start() {
    if (running()) {
      return;
    }
    RedisServerBuilder b = RedisServer.newRedisServer()
        .port(port)
        .bind("127.0.0.1")
        .setting("dir " + dir.toAbsolutePath())
        .setting("save \"\"")
        .setting("appendonly no")
        .setting("protected-mode no")
        .onShutdownForceStop(true);
    settings.forEach(b::setting);
    try {
      RedisServer s = b.build();
      s.start();
      server = s;
    } catch (IOException e) {
      throw new UncheckedIOException("embedded redis-server did not start on port " + port, e);
    }
    log.debug("redis-server started on 127.0.0.1:{}", port);
  }

  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } catch (IOException e) {
      log.warn("redis-server on port {} did not stop cleanly: {}", port, e.toString());
    } finally {
      server = null;
    }
    // embedded-redis returns once the kill is sent; callers expect the port closed afterwards
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline && accepting()) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Suspends (SIGSTOP) or resumes (SIGCONT) the running server: its connections stay open but
   * nothing is answered while frozen, like a stalled host.
   */
  public synchronized void signal(boolean freeze) {
    if (!running()) {
      throw new IllegalStateException("redis-server on port " + port + " is not running");
    }
    if (freeze) {
      try (RespClient c = new RespClient("127.0.0.1", port)) {
        pid = ((String) c.call("INFO", "server")).lines().filter(l -> l.startsWith("process_id:")).findFirst()
            .map(l -> l.substring("process_id:".length()).trim())
            .orElseThrow(() -> new IllegalStateException("INFO server names no process_id"));
      }
    } else if (pid == null) {
      throw new IllegalStateException("redis-server on port " + port + " was not frozen");
    }
    try {
      Process kill = new ProcessBuilder("kill", freeze ? "-STOP" : "-CONT", pid).redirectErrorStream(true).start();
      String out = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill " + (freeze ? "-STOP " : "-CONT ") + pid + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill for redis-server " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling redis-server " + pid, e);
    }
    log.debug("redis-server on 127.0.0.1:{} {}", port, freeze ? "frozen" : "thawed");
  }

  private boolean accepting() {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
