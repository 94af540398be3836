package dev.strata.testkit.internal.qdrant;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC server on a loopback port serving the emulated Qdrant services. Its data lives outside the
 * Netty server, so {@link #stop()} and {@link #start()} simulate an outage that loses nothing, like a
 * restarted Qdrant with persistent storage.
 */
public final class QdrantEmulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QdrantEmulator.class);

  private final EmulatedCollections collections = new EmulatedCollections();
  private final EmulatedPoints points = new EmulatedPoints(collections);
  private final EmulatedHealth health = new EmulatedHealth();
  private final AtomicLong requests = new AtomicLong();
  private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();
  private final Map<String, Status.Code> faultCodes = new ConcurrentHashMap<>();
  private volatile Server server;
  private int port;
  /** The key every call must carry in its {@code api-key} header, or null for none. */
  private final byte[] apiKey;

  /** A stopped emulator; {@link #start()} binds a free loopback port (and reuses it on later starts). */
  public QdrantEmulator() {
    this(null);
  }

  /**
   * A stopped emulator that, like a Qdrant configured with {@code service.api_key}, answers
   * {@code UNAUTHENTICATED} to every call whose {@code api-key} metadata is missing or differs
   * ({@code apiKey} null: no check).
   */
  public QdrantEmulator(String apiKey) {
    this.apiKey = apiKey == null ? null : apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Starts serving (on the same port as before, if it ran before). */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    ServerInterceptor counting = new CountingInterceptor();
    // interceptors run last-added first: the key is checked before a call is counted or fault-injected
    ServerInterceptor[] chain = apiKey == null ? new ServerInterceptor[] {counting}
        : new ServerInterceptor[] {counting, new ApiKeyInterceptor()};
    Server s = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .addService(ServerInterceptors.intercept(collections, chain))
        .addService(ServerInterceptors.intercept(points, chain))
        .addService(ServerInterceptors.intercept(health, chain))
        .maxInboundMessageSize(64 * 1024 * 1024)
        .build();
    try {
      s.start();
    } catch (IOException e) {
      throw new UncheckedIOException("testkit Qdrant emulator could not bind 127.0.0.1:" + port, e);
    }
    port = s.getPort();
    server = s;
    log.info("testkit Qdrant emulator serving gRPC on 127.0.0.1:{}", port);
  }

  /** Stops serving; open calls fail, clients see UNAVAILABLE until {@link #start()}. Data is kept. */
  public synchronized void stop() {
    Server s = server;
    if (s == null) {
      return;
    }
    server = null;
    s.shutdownNow();
    try {
      s.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("testkit Qdrant emulator on 127.0.0.1:{} stopped", port);
  }

  /** Whether it is serving. */
  public boolean isRunning() {
    return server != null;
  }

  /** The loopback port (0 before the first start). */
  public synchronized int port() {
    return port;
  }

  /** Calls received since creation (every service and method). */
  public long requestCount() {
    return requests.get();
  }

  /** The next {@code count} calls of gRPC method {@code method} (e.g. "Upsert") fail with {@code code}. */
  public void failNext(String method, int count, Status.Code code) {
    faultCodes.put(method, code);
    faults.computeIfAbsent(method, m -> new AtomicInteger()).set(count);
  }

  @Override
  public void close() {
    stop();
  }

  /** The header a Qdrant API key travels in (the official clients' {@code withApiKey}). */
  static final Metadata.Key<String> API_KEY = Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER);

  /** Refuses calls without the right key; the description never repeats what was sent. */
  private final class ApiKeyInterceptor implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String sent = headers.get(API_KEY);
      if (sent == null || !java.security.MessageDigest.isEqual(apiKey, sent.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        call.close(Status.UNAUTHENTICATED.withDescription(sent == null
            ? "testkit Qdrant: this server requires an api-key header" : "testkit Qdrant: invalid api-key"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      return next.startCall(call, headers);
    }
  }

  private final class CountingInterceptor implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      requests.incrementAndGet();
      String method = call.getMethodDescriptor().getBareMethodName();
      AtomicInteger pending = faults.get(method);
      if (pending != null && pending.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        call.close(Status.fromCode(faultCodes.get(method)).withDescription("testkit Qdrant: injected failure"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {};
    }
  }
}
