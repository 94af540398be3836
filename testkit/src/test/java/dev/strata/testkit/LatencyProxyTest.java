package dev.strata.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a plain TCP echo server in the test JVM: bytes, order, half-close, the delay, closing. */
class LatencyProxyTest {

  private ServerSocket echo;
  private final ExecutorService echoThreads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "echo");
    t.setDaemon(true);
    return t;
  });

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThreads.execute(() -> {
      while (true) {
        Socket s;
        try {
          s = echo.accept();
        } catch (IOException e) {
          return;
        }
        echoThreads.execute(() -> {
          try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            in.transferTo(out); // until the client half-closes; then closing ends the connection
          } catch (IOException ignored) {
            // the test closed the connection
          }
        });
      }
    });
  }

  @AfterEach
  void stopEcho() throws IOException {
    echo.close();
    echoThreads.shutdownNow();
  }

  @Test
  void megabyteEchoedInChunks_arrivesIntactAndInOrder() throws Exception {
    byte[] data = new byte[1 << 20];
    new Random(7).nextBytes(data);
    try (LatencyProxy proxy = LatencyProxy.start("127.0.0.1", echo.getLocalPort(), Duration.ofMillis(1));
        Socket s = new Socket(proxy.host(), proxy.port())) {
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          OutputStream out = s.getOutputStream();
          for (int off = 0; off < data.length; off += 1_000) {
            out.write(data, off, Math.min(1_000, data.length - off)); // many small writes, as a pipelining client makes
          }
          s.shutdownOutput();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      byte[] back = s.getInputStream().readAllBytes(); // ends when the echo server's close comes through
      writer.get(30, TimeUnit.SECONDS);
      assertArrayEquals(data, back);
      assertEquals(1, proxy.acceptedConnections());
    }
  }

  @Test
  void roundTrip_takesAtLeastTheConfiguredRoundTrip() throws Exception {
    Duration rtt = Duration.ofMillis(40);
    try (LatencyProxy proxy = LatencyProxy.withRoundTrip("127.0.0.1", echo.getLocalPort(), rtt);
        Socket s = new Socket(proxy.host(), proxy.port())) {
      assertEquals(Duration.ofMillis(20), proxy.oneWayDelay());
      assertEquals(rtt, proxy.roundTrip());
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        s.getOutputStream().write(i);
        assertEquals(i, s.getInputStream().read());
        long took = System.nanoTime() - t0;
        // a lower bound only: the proxy guarantees the delay, the machine may add to it
        assertTrue(took >= rtt.toNanos(), "round trip " + took + " ns < " + rtt);
      }
    }
  }

  @Test
  void zeroDelay_forwardsWithoutWaiting() throws Exception {
    try (LatencyProxy proxy = LatencyProxy.start("127.0.0.1", echo.getLocalPort(), Duration.ZERO);
        Socket s = new Socket(proxy.host(), proxy.port())) {
      s.getOutputStream().write(new byte[] {1, 2, 3});
      assertArrayEquals(new byte[] {1, 2, 3}, s.getInputStream().readNBytes(3));
    }
  }

  @Test
  void targetRefuses_clientConnectionEnds() throws Exception {
    int closedPort;
    try (ServerSocket tmp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = tmp.getLocalPort();
    }
    try (LatencyProxy proxy = LatencyProxy.start("127.0.0.1", closedPort, Duration.ofMillis(1));
        Socket s = new Socket(proxy.host(), proxy.port())) {
      s.setSoTimeout(10_000);
      assertEquals(-1, readOrEnd(s));
    }
  }

  @Test
  void close_endsOpenConnectionsAndStopsListening() throws Exception {
    LatencyProxy proxy = LatencyProxy.start("127.0.0.1", echo.getLocalPort(), Duration.ofMillis(1));
    int port = proxy.port();
    try (Socket s = new Socket(proxy.host(), port)) {
      s.getOutputStream().write(9);
      assertEquals(9, s.getInputStream().read());
      assertEquals(2, proxy.openSockets());
      s.setSoTimeout(10_000);
      proxy.close();
      assertEquals(-1, readOrEnd(s));
      assertEquals(0, proxy.openSockets());
      assertThrows(ConnectException.class, () -> new Socket(proxy.host(), port).close());
      proxy.close(); // idempotent
    }
  }

  @Test
  void targetClosesWhileEveryBufferIsFull_theConnectionsThreadsEnd() throws Exception {
    // a target that accepts and never reads: the proxy's writer blocks, its queue fills, its reader waits for room
    try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        LatencyProxy proxy = LatencyProxy.start("127.0.0.1", deaf.getLocalPort(), Duration.ZERO);
        Socket client = new Socket(proxy.host(), proxy.port())) {
      Socket accepted = deaf.accept();
      Thread writer = new Thread(() -> {
        byte[] kb = new byte[1_024];
        try {
          while (true) {
            client.getOutputStream().write(kb);
          }
        } catch (IOException expected) {
          // the proxy closed the connection
        }
      }, "deaf-writer");
      writer.setDaemon(true);
      writer.start();
      String prefix = proxyThreadPrefix();
      await("the proxy's reader waits for room in its full queue", () -> proxyThreads(prefix).stream()
          .anyMatch(t -> stackMentions(t, "LinkedBlockingQueue.put") || stackMentions(t, "LinkedBlockingQueue.offer")));
      accepted.close(); // the target goes away: the proxy's writer fails and ends the connection
      // (the pool keeps idle threads a while; what must end is the pipes' work)
      await("no thread of the proxy still runs a pipe of the ended connection", () -> proxyThreads(prefix).stream()
          .noneMatch(t -> stackMentions(t, "DelayedPipe.readLoop") || stackMentions(t, "DelayedPipe.writeLoop")));
      assertEquals(0, proxy.openSockets());
      writer.join(10_000);
    }
  }

  @Test
  void badArguments_nameTheArgumentAndValue() {
    NullPointerException npe = assertThrows(NullPointerException.class, () -> LatencyProxy.start(null, 5432, Duration.ZERO));
    assertEquals("targetHost", npe.getMessage());
    npe = assertThrows(NullPointerException.class, () -> LatencyProxy.start("127.0.0.1", 5432, null));
    assertEquals("oneWayDelay", npe.getMessage());
    npe = assertThrows(NullPointerException.class, () -> LatencyProxy.withRoundTrip("127.0.0.1", 5432, null));
    assertEquals("roundTrip", npe.getMessage());
    IllegalArgumentException iae = assertThrows(IllegalArgumentException.class,
        () -> LatencyProxy.start("127.0.0.1", 0, Duration.ZERO));
    assertEquals("targetPort must be in 1..65535, was: 0", iae.getMessage());
    iae = assertThrows(IllegalArgumentException.class, () -> LatencyProxy.start("127.0.0.1", 5432, Duration.ofMillis(-1)));
    assertEquals("oneWayDelay must be zero or more, was: PT-0.001S", iae.getMessage());
    iae = assertThrows(IllegalArgumentException.class,
        () -> LatencyProxy.withRoundTrip("127.0.0.1", 5432, Duration.ofMillis(-2)));
    assertEquals("roundTrip must be zero or more, was: PT-0.002S", iae.getMessage());
  }

  /** The thread-name prefix of the one open proxy (the others of this class are closed, their acceptors joined). */
  private static String proxyThreadPrefix() {
    java.util.List<String> acceptors = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("strata-latency-proxy-") && n.endsWith("-accept")).toList();
    assertEquals(1, acceptors.size(), acceptors.toString());
    String acceptor = acceptors.get(0);
    return acceptor.substring(0, acceptor.length() - "accept".length());
  }

  private static java.util.List<Thread> proxyThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix) && t.isAlive()).toList();
  }

  private static boolean stackMentions(Thread t, String frame) {
    for (StackTraceElement e : t.getStackTrace()) {
      if ((e.getClassName() + "." + e.getMethodName()).endsWith(frame)) {
        return true;
      }
    }
    return false;
  }

  /** Waits for a state the test drives towards (bounded: 30 s), then fails naming it. */
  private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within 30 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  /** The next byte, or -1 at end of stream; a reset (the proxy closed its side with data unread) counts as the end too. */
  private static int readOrEnd(Socket s) {
    try {
      return s.getInputStream().read();
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("the connection was not closed within the timeout", e);
    } catch (IOException e) {
      return -1;
    }
  }
}
