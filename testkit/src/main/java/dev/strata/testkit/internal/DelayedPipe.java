package dev.strata.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction of a proxied TCP connection: bytes read from {@code from} are written to {@code to}
 * no earlier than {@code delayNanos} after they arrived, in the order they arrived.
 *
 * <p>Two threads per direction: a reader that stamps each chunk with its arrival time, and a writer
 * that waits until each chunk is due. A single thread would read the next chunk only after writing
 * the previous one, so pipelined bytes (a pool's next query, Lettuce's pipelined commands, HTTP/2
 * frames of concurrent gRPC calls) would wait one delay more per chunk in flight.
 *
 * <p>End of stream is forwarded as a half-close ({@link Socket#shutdownOutput()}), after the bytes
 * before it and with the same delay, so protocols that half-close (gRPC's GOAWAY dance, a client
 * that shuts its output and drains) see what they would see without the proxy. An I/O error on
 * either side ends the whole connection through {@code onFailure}.
 */
public final class DelayedPipe {

  /** Chunks in flight per direction; a full queue blocks the reader, as a full socket buffer would. */
  private static final int QUEUE_CHUNKS = 1_024;
  private static final int READ_BUFFER = 64 * 1024;
  private static final byte[] EOF = new byte[0];

  private record Chunk(byte[] bytes, long dueNanos) {}

  private final Socket from;
  private final Socket to;
  private final long delayNanos;
  private final Runnable onEnd;
  private final Runnable onFailure;
  private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>(QUEUE_CHUNKS);

  /**
   * @param onEnd     called once when end of stream has been forwarded (the direction is done)
   * @param onFailure called when reading or writing fails; expected to close both sockets
   */
  public DelayedPipe(Socket from, Socket to, long delayNanos, Runnable onEnd, Runnable onFailure) {
    this.from = from;
    this.to = to;
    this.delayNanos = delayNanos;
    this.onEnd = onEnd;
    this.onFailure = onFailure;
  }

  /** Starts the reader and the writer on {@code threads}. */
  public void start(ExecutorService threads) {
    threads.execute(this::readLoop);
    threads.execute(this::writeLoop);
  }

  private void readLoop() {
    byte[] buffer = new byte[READ_BUFFER];
    try {
      InputStream in = from.getInputStream();
      while (true) {
        int n = in.read(buffer);
        long arrived = System.nanoTime();
        if (n < 0) {
          enqueue(new Chunk(EOF, arrived + delayNanos));
          return;
        }
        if (n > 0 && !enqueue(new Chunk(Arrays.copyOf(buffer, n), arrived + delayNanos))) {
          return; // the connection ended while the queue was full
        }
      }
    } catch (IOException e) {
      onFailure.run();
      // the writer may be parked on an empty queue; wake it so its thread ends too
      queue.offer(new Chunk(null, 0));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      onFailure.run();
    }
  }

  /**
   * Waits for room in the queue, but not past the connection's end: a writer that failed on a full
   * queue takes nothing more, and a reader blocked forever in {@code put} would keep its thread.
   */
  private boolean enqueue(Chunk c) throws InterruptedException {
    while (!queue.offer(c, 50, TimeUnit.MILLISECONDS)) {
      if (from.isClosed() || to.isClosed()) {
        return false;
      }
    }
    return true;
  }

  private void writeLoop() {
    try {
      OutputStream out = to.getOutputStream();
      while (true) {
        Chunk c = queue.take();
        if (c.bytes() == null) {
          return; // the reader failed; the connection is already closed
        }
        waitUntil(c.dueNanos());
        if (c.bytes() == EOF) {
          if (!to.isClosed()) {
            to.shutdownOutput();
          }
          onEnd.run();
          return;
        }
        out.write(c.bytes());
        out.flush();
      }
    } catch (IOException e) {
      onFailure.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      onFailure.run();
    }
  }

  private static void waitUntil(long dueNanos) throws InterruptedException {
    long left;
    while ((left = dueNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }
}
