package dev.strata.testkit.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny blocking RESP2 client, enough for the testkit to set up and inspect Redis servers without
 * depending on a Redis client library (host applications bring their own).
 */
public final class RespClient implements AutoCloseable {

  /** An error reply from the server. */
  public static final class RespError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RespError(String message) {
      super(message);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RespClient(String host, int port) {
    try {
      socket = new Socket();
      socket.connect(new InetSocketAddress(host, port), 2_000);
      socket.setSoTimeout(10_000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to Redis at " + host + ":" + port, e);
    }
  }

  /** Sends one command and returns its reply: String, Long, List, or null for a nil reply. */
  public Object call(String... args) {
    try {
      out.write(encode(args));
      out.flush();
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Redis I/O failed for " + args[0], e);
    }
  }

  /** Encodes a command as a RESP array of bulk strings. */
  static byte[] encode(String... args) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    write(b, "*" + args.length + "\r\n");
    for (String a : args) {
      byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
      write(b, "$" + bytes.length + "\r\n");
      b.writeBytes(bytes);
      write(b, "\r\n");
    }
    return b.toByteArray();
  }

  private static void write(ByteArrayOutputStream b, String s) {
    b.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  /** Reads one reply. */
  static Object read(InputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by Redis");
    }
    String line = line(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new RespError(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int len = Integer.parseInt(line);
        if (len < 0) {
          return null;
        }
        byte[] data = in.readNBytes(len);
        if (data.length < len) {
          throw new EOFException("truncated bulk reply");
        }
        line(in);
        return new String(data, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          Object item;
          try {
            item = read(in);
          } catch (RespError e) {
            item = e;
          }
          items.add(item);
        }
        return items;
      }
      default:
        throw new IOException("unexpected RESP type byte: " + (char) type);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        int n = in.read();
        if (n != '\n') {
          throw new IOException("malformed RESP line ending");
        }
        return sb.toString();
      }
      sb.append((char) c);
    }
    throw new EOFException("connection closed inside a reply");
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
