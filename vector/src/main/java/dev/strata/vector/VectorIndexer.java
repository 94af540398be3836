package dev.strata.vector;

import dev.strata.core.outbox.Outbox;
import dev.strata.core.outbox.OutboxMessage;
import dev.strata.vector.internal.IndexJobCodec;
import dev.strata.vector.internal.Listeners;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lossless indexing: content written to PostgreSQL enqueues an {@link IndexJob} in core's
 * transactional outbox in the same transaction ({@link #enqueue}); the indexer drains the outbox —
 * claims a batch with {@code SKIP LOCKED} (so several instances share the work), embeds the texts in
 * one provider call (put the deduplicating provider here), upserts them through
 * {@link VentureVectors}, and completes the batch's jobs with one statement. When Qdrant or the provider is down the jobs are
 * retried later with backoff, never dropped; a job that can never succeed (malformed, unknown
 * collection) is dead-lettered. Entry ids derive from (venture, key), so a job run twice stores
 * one point.
 *
 * <pre>{@code
 * VectorIndexer indexer = VectorIndexer.builder(outbox, ventureVectors, dedupProvider).build();
 * jdbi.useTransaction(h -> {
 *   insertDraft(h, draft);
 *   indexer.enqueue(h, IndexJob.of("42", "content_embeddings", draft.body()).withKey("drafts/" + draft.id()));
 * });
 * indexer.start();   // background drain; or call drainOnce() from your own scheduler
 * }</pre>
 */
public final class VectorIndexer implements AutoCloseable {

  /** The outbox topic of index jobs. */
  public static final String TOPIC = "strata.vector.index";
  /** Default jobs claimed per round. */
  public static final int DEFAULT_BATCH_SIZE = 64;
  /** Default lease of a claimed batch. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
  /** Default pause when the outbox has nothing ready. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  private static final Logger log = LoggerFactory.getLogger(VectorIndexer.class);

  private final Outbox outbox;
  private final VentureVectors vectors;
  private final EmbeddingProvider provider;
  private final int batchSize;
  private final Duration lease;
  private final Duration pollInterval;
  private final VectorStatsListener listener;
  private volatile ScheduledExecutorService worker;

  private VectorIndexer(Builder b) {
    this.outbox = b.outbox;
    this.vectors = b.vectors;
    this.provider = b.provider;
    this.batchSize = b.batchSize;
    this.lease = b.lease;
    this.pollInterval = b.pollInterval;
    this.listener = b.listener;
  }

  /** A builder: jobs from {@code outbox}, stored through {@code vectors}, embedded by {@code provider}. */
  public static Builder builder(Outbox outbox, VentureVectors vectors, EmbeddingProvider provider) {
    return new Builder(outbox, vectors, provider);
  }

  /**
   * Enqueues {@code job} on {@code connection}, in its current transaction: the job is indexed if and
   * only if that transaction commits.
   *
   * @throws IllegalArgumentException for an unknown collection or a malformed venture id (before any write)
   */
  public long enqueue(Connection connection, IndexJob job) {
    return outbox.enqueue(connection, TOPIC, IndexJobCodec.encode(check(job)));
  }

  /** Enqueues {@code job} on {@code handle}, in its current transaction. */
  public long enqueue(Handle handle, IndexJob job) {
    return outbox.enqueue(handle, TOPIC, IndexJobCodec.encode(check(job)));
  }

  private IndexJob check(IndexJob job) {
    Objects.requireNonNull(job, "job");
    vectors.physicalName(job.ventureId(), job.collection()); // checks venture id and collection
    return job;
  }

  /**
   * Claims one batch and indexes it.
   *
   * @return the number of jobs claimed (0 when none was ready)
   */
  public int drainOnce() {
    List<OutboxMessage> batch = outbox.claim(TOPIC, batchSize, lease);
    if (batch.isEmpty()) {
      return 0;
    }
    Map<OutboxMessage, IndexJob> jobs = new LinkedHashMap<>();
    for (OutboxMessage m : batch) {
      try {
        jobs.put(m, check(IndexJobCodec.decode(m.payload())));
      } catch (RuntimeException e) {
        log.warn("index job {} can never succeed ({}); dead-lettered", m.id(), e.getMessage());
        outbox.deadLetter(m, e.toString());
      }
    }
    int indexed = 0;
    int deferred = 0;
    List<float[]> embedded;
    try {
      embedded = jobs.isEmpty() ? List.of() : provider.embed(jobs.values().stream().map(IndexJob::text).toList());
    } catch (RuntimeException e) {
      log.info("embedding {} index jobs failed ({}); retrying later", jobs.size(), e.toString());
      jobs.keySet().forEach(m -> outbox.retryLater(m, "embedding failed: " + e));
      int n = jobs.size();
      Listeners.notify(listener, l -> l.onIndexed(0, n));
      return batch.size();
    }
    // one upsert per (venture, collection); the same key twice in a batch keeps the newest job
    RuntimeException lastFailure = null;
    List<OutboxMessage> stored = new ArrayList<>();
    Map<List<String>, Map<String, VectorEntry>> groups = new LinkedHashMap<>();
    Map<List<String>, List<OutboxMessage>> groupMessages = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<OutboxMessage, IndexJob> e : jobs.entrySet()) {
      IndexJob job = e.getValue();
      List<String> group = List.of(job.ventureId(), job.collection());
      groups.computeIfAbsent(group, g -> new LinkedHashMap<>())
          .put(job.key(), new VectorEntry(job.key(), embedded.get(i++), job.payload()));
      groupMessages.computeIfAbsent(group, g -> new ArrayList<>()).add(e.getKey());
    }
    for (Map.Entry<List<String>, Map<String, VectorEntry>> g : groups.entrySet()) {
      List<OutboxMessage> messages = groupMessages.get(g.getKey());
      try {
        vectors.upsert(g.getKey().get(0), g.getKey().get(1), new ArrayList<>(g.getValue().values()));
      } catch (IllegalArgumentException e) {
        log.warn("index jobs {} were rejected ({}); dead-lettered", ids(messages), e.getMessage());
        messages.forEach(m -> outbox.deadLetter(m, e.toString()));
        continue;
      } catch (RuntimeException e) {
        log.debug("upserting index jobs {} failed ({}); retrying later", ids(messages), e.toString());
        lastFailure = e;
        messages.forEach(m -> outbox.retryLater(m, "upsert failed: " + e));
        deferred += messages.size();
        continue;
      }
      stored.addAll(messages);
      indexed += messages.size();
    }
    // the whole batch in one statement; a job whose lease expired meanwhile was claimed again and is
    // left to its new holder (its upsert here stored the same point, by its key, so that is harmless)
    int lost = stored.size() - outbox.complete(stored).size();
    if (lost > 0) {
      log.info("{} of {} indexed jobs had been claimed again after their lease expired; left to their new holder",
          lost, stored.size());
    }
    if (lastFailure != null) {
      log.info("indexed {} jobs, deferred {} for a retry (last failure: {})", indexed, deferred, lastFailure.getMessage());
    }
    int done = indexed;
    int later = deferred;
    Listeners.notify(listener, l -> l.onIndexed(done, later));
    return batch.size();
  }

  private static List<Long> ids(List<OutboxMessage> messages) {
    return messages.stream().map(OutboxMessage::id).toList();
  }

  /**
   * Drains in the background on one daemon thread: batch after batch while jobs are ready, then a
   * pause of {@code pollInterval}. Failures are logged and the loop goes on.
   */
  public synchronized void start() {
    if (worker != null) {
      throw new IllegalStateException("already started");
    }
    worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "strata-vector-indexer");
      t.setDaemon(true);
      return t;
    });
    worker.schedule(this::loop, 0, TimeUnit.MILLISECONDS);
  }

  private void loop() {
    int claimed;
    try {
      claimed = drainOnce();
    } catch (RuntimeException e) {
      log.warn("vector indexer round failed; retrying in {}", pollInterval, e);
      claimed = 0;
    }
    ScheduledExecutorService w = worker;
    if (w != null && !w.isShutdown()) {
      try {
        w.schedule(this::loop, claimed == batchSize ? 0 : pollInterval.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // close() ran meanwhile
      }
    }
  }

  /** Stops the background drain (jobs in flight finish or come back when their lease ends). */
  @Override
  public void close() {
    ScheduledExecutorService w;
    synchronized (this) {
      w = worker;
      worker = null;
    }
    if (w != null) {
      w.shutdownNow();
      try {
        w.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Builds a {@link VectorIndexer}; setters check their values at once. */
  public static final class Builder {
    private final Outbox outbox;
    private final VentureVectors vectors;
    private final EmbeddingProvider provider;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration lease = DEFAULT_LEASE;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private VectorStatsListener listener = VectorStatsListener.NONE;

    private Builder(Outbox outbox, VentureVectors vectors, EmbeddingProvider provider) {
      this.outbox = Objects.requireNonNull(outbox, "outbox");
      this.vectors = Objects.requireNonNull(vectors, "vectors");
      this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** Jobs claimed per round, 1..1000 (default 64). */
    public Builder batchSize(int n) {
      if (n < 1 || n > Outbox.MAX_CLAIM) {
        throw new IllegalArgumentException("batchSize must be in 1.." + Outbox.MAX_CLAIM + ", was: " + n);
      }
      this.batchSize = n;
      return this;
    }

    /** How long a claimed batch stays with this indexer (default 2 min): longer than a round takes. */
    public Builder lease(Duration d) {
      this.lease = atLeastMillis(d, "lease");
      return this;
    }

    /** Pause when nothing is ready (default 500 ms). */
    public Builder pollInterval(Duration d) {
      this.pollInterval = atLeastMillis(d, "pollInterval");
      return this;
    }

    /** Where indexing progress is reported. */
    public Builder listener(VectorStatsListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /** The indexer (not started). */
    public VectorIndexer build() {
      return new VectorIndexer(this);
    }

    private static Duration atLeastMillis(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.toMillis() < 1) {
        throw new IllegalArgumentException(name + " must be at least 1 ms, was: " + d);
      }
      return d;
    }
  }
}
