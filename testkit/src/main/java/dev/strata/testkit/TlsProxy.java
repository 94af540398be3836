package dev.strata.testkit;

import dev.strata.testkit.internal.TempDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS-terminating TCP proxy on a loopback port in front of a plaintext server (the testkit's Redis,
 * say), for testing that clients really speak TLS with the options they are given: none of the
 * testkit's embedded servers is built with TLS. It offers ALPN {@code h2}, so gRPC clients (Qdrant's)
 * can use it in front of the Qdrant emulator. The certificate is self-signed, made by the JDK's
 * {@code keytool} for {@code CN=localhost} with the subject alternative names {@code 127.0.0.1} and
 * {@code localhost} (so full host-name verification passes), and is in {@link #trustStore()} (PKCS12,
 * password {@link #TRUST_STORE_PASSWORD}). Close it when done.
 */
public final class TlsProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TlsProxy.class);
  /** The password of {@link #trustStore()} (and of the proxy's own key store); not a secret. */
  public static final String TRUST_STORE_PASSWORD = "testkit";

  private final Path dir;
  private final Path keyStore;
  private final SSLServerSocket server;
  private final InetSocketAddress target;
  private final AtomicLong handshakes = new AtomicLong();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private TlsProxy(String host, int port) {
    this.target = new InetSocketAddress(host, port);
    this.dir = TempDirs.create("strata-tls-");
    this.keyStore = dir.resolve("localhost.p12");
    keytool("-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", TRUST_STORE_PASSWORD, "-keypass", TRUST_STORE_PASSWORD);
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        ks.load(in, TRUST_STORE_PASSWORD.toCharArray());
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, TRUST_STORE_PASSWORD.toCharArray());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      this.server = (SSLServerSocket) ctx.getServerSocketFactory()
          .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      // gRPC clients insist on ALPN "h2"; clients that offer no protocol (Redis) are unaffected
      javax.net.ssl.SSLParameters params = server.getSSLParameters();
      params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
      server.setSSLParameters(params);
    } catch (IOException e) {
      TempDirs.deleteQuietly(dir);
      throw new UncheckedIOException("cannot start the TLS proxy", e);
    } catch (GeneralSecurityException e) {
      TempDirs.deleteQuietly(dir);
      throw new IllegalStateException("cannot load the TLS proxy's key store", e);
    }
    Thread acceptor = new Thread(this::accept, "strata-testkit-tls-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    log.info("testkit TLS proxy on 127.0.0.1:{} in front of {}:{}", server.getLocalPort(), host, port);
  }

  /** Starts a proxy in front of {@code host:port}. */
  public static TlsProxy start(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 1..65535, was: " + port);
    }
    return new TlsProxy(host, port);
  }

  /** The proxy's TLS port on 127.0.0.1. */
  public int port() {
    return server.getLocalPort();
  }

  /** A PKCS12 trust store holding the proxy's certificate (password {@link #TRUST_STORE_PASSWORD}). */
  public Path trustStore() {
    return keyStore;
  }

  /** TLS handshakes completed so far: proof that a client spoke TLS to this proxy. */
  public long handshakes() {
    return handshakes.get();
  }

  private void accept() {
    while (!closed) {
      try {
        SSLSocket client = (SSLSocket) server.accept();
        open.add(client);
        Thread t = new Thread(() -> serve(client), "strata-testkit-tls-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          log.debug("TLS proxy accept failed: {}", e.toString());
        }
      }
    }
  }

  private void serve(SSLSocket client) {
    try {
      client.startHandshake();
    } catch (IOException e) {
      log.debug("TLS proxy: handshake refused by the client: {}", e.toString());
      closeQuietly(client);
      return;
    }
    handshakes.incrementAndGet();
    Socket upstream = new Socket();
    open.add(upstream);
    try {
      upstream.connect(target, 2_000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    Thread back = new Thread(() -> pump(upstream, client), "strata-testkit-tls-proxy-back");
    back.setDaemon(true);
    back.start();
    pump(client, upstream);
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: close the other
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  private static void keytool(String... args) {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("keytool failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + keytool, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }

  /** Stops accepting, closes every connection and deletes the key store. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    open.forEach(TlsProxy::closeQuietly);
    TempDirs.deleteQuietly(dir);
  }

  @Override
  public String toString() {
    return "TlsProxy[127.0.0.1:" + port() + " -> " + target.getHostString() + ":" + target.getPort() + "]";
  }
}
