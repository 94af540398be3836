package dev.strata.testkit;

import dev.strata.testkit.internal.DelayedPipe;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process TCP proxy on a free loopback port that forwards every connection to one target
 * {@code host:port} and delays each direction's bytes by a fixed one-way delay, so a client sees a
 * network round trip of (at least) twice that delay — the latency of a real network between an
 * application and its PostgreSQL, Redis or Qdrant, on one machine.
 *
 * <pre>{@code
 * PostgresNode pg = PostgreSQL.shared().primary();
 * try (LatencyProxy proxy = LatencyProxy.withRoundTrip(pg.host(), pg.port(), Duration.ofMillis(1))) {
 *   String url = "jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + "/mydb?user=" + pg.user();
 * }
 * }</pre>
 *
 * <p>The proxy only moves bytes: each direction keeps its order, bytes are forwarded as they arrive
 * (no message framing, no coalescing beyond what TCP itself does, Nagle's algorithm off on both
 * legs), and an end of stream is forwarded as a half-close after the bytes before it. Any protocol
 * over one TCP connection works through it: PostgreSQL's wire protocol, RESP (pipelining and
 * pub/sub included), gRPC over HTTP/2. TLS passes through untouched.
 *
 * <p>What it does not model: connection set-up is not delayed (the client's connect completes at
 * once; a real TCP handshake costs one more round trip), bandwidth is not limited, and nothing is
 * lost or reordered. The delay is a lower bound: on a busy machine thread scheduling adds to it.
 * Each connection costs four threads (a reader and a delaying writer per direction) while it is open.
 *
 * <p>When the target refuses a connection, the proxy closes the client's connection at once (the
 * client sees the connection end rather than a refusal). {@link #close()} stops listening and
 * closes every connection.
 */
public final class LatencyProxy implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(LatencyProxy.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final String targetHost;
  private final int targetPort;
  private final Duration oneWayDelay;
  private final ServerSocket server;
  private final ExecutorService threads;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private volatile boolean closed;

  private LatencyProxy(String targetHost, int targetPort, Duration oneWayDelay) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.oneWayDelay = oneWayDelay;
    this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    String name = "strata-latency-proxy-" + INSTANCES.incrementAndGet() + "-";
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, name + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.acceptor = new Thread(this::acceptLoop, name + "accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts a proxy to {@code targetHost:targetPort} that delays each direction by {@code oneWayDelay}.
   *
   * @param oneWayDelay zero or more; {@link Duration#ZERO} forwards without delay
   * @throws NullPointerException     when {@code targetHost} or {@code oneWayDelay} is null
   * @throws IllegalArgumentException when {@code targetPort} is not in 1..65535 or the delay is negative
   * @throws UncheckedIOException     when no loopback port can be bound
   */
  public static LatencyProxy start(String targetHost, int targetPort, Duration oneWayDelay) {
    Objects.requireNonNull(targetHost, "targetHost");
    Objects.requireNonNull(oneWayDelay, "oneWayDelay");
    if (targetPort < 1 || targetPort > 65_535) {
      throw new IllegalArgumentException("targetPort must be in 1..65535, was: " + targetPort);
    }
    if (oneWayDelay.isNegative()) {
      throw new IllegalArgumentException("oneWayDelay must be zero or more, was: " + oneWayDelay);
    }
    try {
      LatencyProxy proxy = new LatencyProxy(targetHost, targetPort, oneWayDelay);
      log.info("testkit latency proxy 127.0.0.1:{} -> {}:{}, one-way delay {} µs", proxy.port(), targetHost, targetPort,
          oneWayDelay.toNanos() / 1_000);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("latency proxy: cannot bind a loopback port", e);
    }
  }

  /**
   * Starts a proxy whose round trip is {@code roundTrip}: each direction is delayed by half of it.
   *
   * @throws NullPointerException     when {@code targetHost} or {@code roundTrip} is null
   * @throws IllegalArgumentException when {@code targetPort} is not in 1..65535 or the round trip is negative
   */
  public static LatencyProxy withRoundTrip(String targetHost, int targetPort, Duration roundTrip) {
    Objects.requireNonNull(roundTrip, "roundTrip");
    if (roundTrip.isNegative()) {
      throw new IllegalArgumentException("roundTrip must be zero or more, was: " + roundTrip);
    }
    return start(targetHost, targetPort, roundTrip.dividedBy(2));
  }

  /** The address clients connect to: the loopback address, {@code 127.0.0.1}. */
  public String host() {
    return server.getInetAddress().getHostAddress();
  }

  /** The local port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** Where connections are forwarded to. */
  public String targetHost() {
    return targetHost;
  }

  /** Where connections are forwarded to. */
  public int targetPort() {
    return targetPort;
  }

  /** The delay added to each direction. */
  public Duration oneWayDelay() {
    return oneWayDelay;
  }

  /** The round trip the proxy adds: twice the one-way delay. */
  public Duration roundTrip() {
    return oneWayDelay.multipliedBy(2);
  }

  /** Client connections accepted since the start (also those whose target refused). */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** Sockets currently open through the proxy (two per connection: the client's and the target's). */
  public int openSockets() {
    return open.size();
  }

  /** Stops listening and closes every open connection; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(server);
    // A thread blocked in accept() keeps the listening socket alive in the kernel until it leaves
    // the call, so connections could still be accepted after close() returned; wait for it.
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    open.removeIf(s -> {
      closeQuietly(s);
      return true;
    });
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "LatencyProxy[127.0.0.1:" + port() + " -> " + targetHost + ":" + targetPort + ", one-way " + oneWayDelay + "]";
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          log.warn("latency proxy to {}:{} stopped accepting", targetHost, targetPort, e);
        }
        return;
      }
      accepted.incrementAndGet();
      try {
        threads.execute(() -> connect(client));
      } catch (RejectedExecutionException e) {
        closeQuietly(client); // closed meanwhile
        return;
      }
    }
  }

  private void connect(Socket client) {
    Socket target = new Socket();
    open.add(client);
    open.add(target);
    if (closed) {
      closeBoth(client, target);
      return;
    }
    try {
      client.setTcpNoDelay(true);
      target.setTcpNoDelay(true);
      target.connect(new InetSocketAddress(targetHost, targetPort), 10_000);
    } catch (IOException e) {
      log.debug("latency proxy: {}:{} refused a connection: {}", targetHost, targetPort, e.toString());
      closeBoth(client, target);
      return;
    }
    long delay = oneWayDelay.toNanos();
    AtomicInteger ended = new AtomicInteger();
    Runnable onEnd = () -> {
      if (ended.incrementAndGet() == 2) {
        closeBoth(client, target);
      }
    };
    Runnable onFailure = () -> closeBoth(client, target);
    try {
      new DelayedPipe(client, target, delay, onEnd, onFailure).start(threads);
      new DelayedPipe(target, client, delay, onEnd, onFailure).start(threads);
    } catch (RejectedExecutionException e) {
      closeBoth(client, target); // closed meanwhile
    }
  }

  private void closeBoth(Socket a, Socket b) {
    closeQuietly(a);
    closeQuietly(b);
    open.remove(a);
    open.remove(b);
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing is best effort: the peer may already be gone
    }
  }
}
