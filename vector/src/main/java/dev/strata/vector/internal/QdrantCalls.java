package dev.strata.vector.internal;

import dev.strata.core.internal.Backoff;
import com.google.common.util.concurrent.ListenableFuture;
import dev.strata.vector.QdrantOptions;
import dev.strata.vector.VectorStoreException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Qdrant client calls synchronously, waiting at most the configured timeout (then the call is
 * cancelled). No gRPC deadline is attached per call: it costs a timer on both ends of every call,
 * which showed as several percent of a fast search; a host that wants server-side deadlines sets
 * one on the client ({@code QdrantGrpcClient.Builder.withTimeout}). Calls are retried on transient
 * gRPC failures with exponential backoff and full jitter. Every Strata call to Qdrant is idempotent
 * (upserts and deletes by id or filter, creation that tolerates "exists"), so a retry is safe.
 */
final class QdrantCalls {

  private static final Logger log = LoggerFactory.getLogger(QdrantCalls.class);
  private static final Set<Status.Code> TRANSIENT = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
      Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED);

  /** The outcome of a call and how many retries it took. */
  record Outcome<T>(T value, int retries) {}

  private final QdrantOptions options;
  private final Runnable resetConnectBackoff;

  /**
   * Calls with these options; {@code resetConnectBackoff} runs before retrying an UNAVAILABLE call,
   * so that the retry really reconnects instead of failing fast during gRPC's own reconnect backoff
   * (which grows to minutes): Strata's backoff is the one that paces reconnection.
   */
  QdrantCalls(QdrantOptions options, Runnable resetConnectBackoff) {
    this.options = options;
    this.resetConnectBackoff = resetConnectBackoff;
  }

  /** The status of a failed call, or null when it did not fail with a gRPC status. */
  static Status statusOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException s) {
        return s.getStatus();
      }
    }
    return null;
  }

  static boolean isTransient(Throwable t) {
    Status s = statusOf(t);
    return s != null && TRANSIENT.contains(s.getCode()) || t instanceof TimeoutException;
  }

  <T> T call(String operation, Supplier<ListenableFuture<T>> call) {
    return callCounting(operation, call).value();
  }

  <T> Outcome<T> callCounting(String operation, Supplier<ListenableFuture<T>> call) {
    int attempt = 1;
    while (true) {
      Throwable failure;
      ListenableFuture<T> future = null;
      try {
        future = call.get();
        T value = future.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        return new Outcome<>(value, attempt - 1);
      } catch (ExecutionException e) {
        failure = e.getCause() == null ? e : e.getCause();
      } catch (TimeoutException e) {
        future.cancel(true); // cancels the RPC
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VectorStoreException("interrupted during Qdrant " + operation, e, true);
      } catch (StatusRuntimeException e) {
        failure = e;
      }
      boolean retryable = isTransient(failure);
      if (!retryable || attempt >= options.maxAttempts()) {
        throw new VectorStoreException("Qdrant " + operation + " failed" + (attempt > 1 ? " after " + attempt + " attempts" : "")
            + ": " + failure.getMessage(), failure, retryable);
      }
      long sleep = Backoff.equalJitterMillis(options.initialBackoff().toMillis(), options.maxBackoff().toMillis(), attempt);
      log.debug("Qdrant {} failed transiently (attempt {}/{}): {}; retrying in {} ms", operation, attempt, options.maxAttempts(),
          failure.getMessage(), sleep);
      Status status = statusOf(failure);
      if (status != null && status.getCode() == Status.Code.UNAVAILABLE) {
        resetConnectBackoff.run(); // reconnect while we back off
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VectorStoreException("interrupted while backing off Qdrant " + operation, failure, true);
      }
      attempt++;
    }
  }
}
