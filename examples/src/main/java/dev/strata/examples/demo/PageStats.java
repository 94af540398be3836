package dev.strata.examples.demo;

import dev.strata.cache.CacheStats;
import dev.strata.routing.RoutingStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures behind the page's live charts: once a second, what happened in that second on this
 * instance — page latency p50 / p99, hit ratio of each cache tier, database statements per page,
 * the replica's share of reads, the replica's lag and the outbox backlog. Keeps the last
 * {@value #POINTS} points; a figure with nothing to measure in a second (no pages, no reads) is null.
 */
final class PageStats implements AutoCloseable {

  static final int POINTS = 120;
  private static final Logger log = LoggerFactory.getLogger(PageStats.class);
  private static final List<String> SERIES = List.of("t", "p50_ms", "p99_ms", "l1_hit_ratio", "l2_hit_ratio",
      "statements_per_page", "replica_share", "replica_lag_ms", "outbox_backlog");

  private final DemoData data;
  private final Deque<Object[]> points = new ArrayDeque<>();
  private final ScheduledExecutorService timer;
  private long[] window = new long[256];
  private int windowSize;
  private long pages;
  private Snapshot last;

  private record Snapshot(long pages, long statements, CacheStats cache, RoutingStats routing) {}

  PageStats(DemoData data, String instance) {
    this.data = data;
    this.last = snapshot();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, instance + "-page-stats");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::sampleQuietly, 1, 1, TimeUnit.SECONDS);
  }

  /** Records one page served in {@code nanos}. */
  synchronized void page(long nanos) {
    pages++;
    if (windowSize == window.length) {
      window = Arrays.copyOf(window, window.length * 2);
    }
    window[windowSize++] = nanos;
  }

  /** The series, each a list of the same length, oldest first; {@code t} in epoch seconds. */
  synchronized Map<String, List<Object>> series() {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (int i = 0; i < SERIES.size(); i++) {
      List<Object> column = new ArrayList<>(points.size());
      for (Object[] p : points) {
        column.add(p[i]);
      }
      out.put(SERIES.get(i), column);
    }
    return out;
  }

  /** Takes one point now (the timer does it every second; tests call it to not wait). */
  void sample() {
    long backlog = data.outboxBacklog(); // a query: outside the lock, pages are not held up by it
    long[] latencies;
    Snapshot now;
    synchronized (this) {
      latencies = Arrays.copyOf(window, windowSize);
      windowSize = 0;
      now = snapshot();
    }
    Arrays.sort(latencies);
    Snapshot before = last;
    last = now;
    long l1Hits = now.cache.l1Hits() - before.cache.l1Hits();
    long l1Misses = now.cache.l1Misses() - before.cache.l1Misses();
    long l2Hits = now.cache.l2Hits() - before.cache.l2Hits();
    long l2Misses = now.cache.l2Misses() - before.cache.l2Misses();
    long replicaReads = now.routing.replicaReads() - before.routing.replicaReads();
    long primaryReads = now.routing.primaryReads() - before.routing.primaryReads();
    long pageCount = now.pages - before.pages;
    long lag = now.routing.replicas().values().stream().mapToLong(RoutingStats.ReplicaStatus::lagMillis).max().orElse(-1);
    Object[] p = {System.currentTimeMillis() / 1000, percentileMs(latencies, 0.50), percentileMs(latencies, 0.99),
        ratio(l1Hits, l1Hits + l1Misses), ratio(l2Hits, l2Hits + l2Misses),
        ratio(now.statements - before.statements, pageCount), ratio(replicaReads, replicaReads + primaryReads),
        lag < 0 ? null : lag, backlog};
    synchronized (this) {
      points.addLast(p);
      while (points.size() > POINTS) {
        points.removeFirst();
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      // the database is down or a drill is running: the chart shows a gap, the next second tries again
      log.debug("page stats sample failed: {}", e.toString());
    }
  }

  private synchronized Snapshot snapshot() {
    return new Snapshot(pages, data.readStatements(), data.cacheStats(), data.routing());
  }

  private static Double percentileMs(long[] sorted, double q) {
    if (sorted.length == 0) {
      return null;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
  }

  private static Double ratio(long part, long whole) {
    return whole <= 0 ? null : (double) part / whole;
  }
}
