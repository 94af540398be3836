package dev.strata.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Captures what is written to {@code System.err} and {@code System.out} — where slf4j-simple, the
 * tests' SLF4J binding, writes its log lines — from every thread while it is open, still passing it
 * on. For tests that check that no secret reaches a log line:
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *   ... // connect with a wrong password
 *   logs.assertNoneOf(password);
 * }
 * }</pre>
 *
 * <p>Only lines at the levels the logging configuration enables are seen (INFO and above in Strata's
 * tests). slf4j-simple must not cache its output stream ({@code org.slf4j.simpleLogger.cacheOutputStream},
 * false by default).
 */
public final class LogCapture implements AutoCloseable {

  private final PrintStream originalErr = System.err;
  private final PrintStream originalOut = System.out;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private LogCapture() {
    System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
  }

  /** Starts capturing; {@link #close()} restores the streams. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** Everything written so far. */
  public String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Throws {@link AssertionError} when a captured line contains one of {@code secrets}; the message
   * shows the line with the secret replaced by {@code <secret #i>}, so a failing test does not print it.
   */
  public void assertNoneOf(String... secrets) {
    assertAbsent("captured output", text(), secrets);
  }

  /**
   * Throws {@link AssertionError} when {@code text} (an exception's stack trace, a {@code toString()})
   * contains one of {@code secrets}, naming {@code what} and masking the secret in the message.
   */
  public static void assertAbsent(String what, String text, String... secrets) {
    Objects.requireNonNull(text, "text");
    for (int i = 0; i < secrets.length; i++) {
      String secret = Objects.requireNonNull(secrets[i], "secrets[" + i + "]");
      if (secret.length() < 4) {
        throw new IllegalArgumentException("secrets[" + i + "] must be at least 4 characters to be searched for, was "
            + secret.length() + " long");
      }
      for (String line : text.split("\\R")) {
        if (line.contains(secret)) {
          throw new AssertionError(what + " contains secret #" + i + ": " + line.replace(secret, "<secret #" + i + ">"));
        }
      }
    }
  }

  @Override
  public void close() {
    System.setErr(originalErr);
    System.setOut(originalOut);
  }

  private final class Tee extends OutputStream {
    private final PrintStream through;

    Tee(PrintStream through) {
      this.through = through;
    }

    @Override
    public void write(int b) {
      synchronized (captured) {
        captured.write(b);
      }
      through.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (captured) {
        captured.write(b, off, len);
      }
      through.write(b, off, len);
    }

    @Override
    public void flush() {
      through.flush();
    }
  }
}
