package dev.strata.metrics;

import dev.strata.core.events.EventFeedStats;
import dev.strata.core.finance.FinancialSummaryRefresher;
import dev.strata.core.finance.FinancialSummaryStats;
import dev.strata.core.outbox.OutboxStats;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges over strata-core's tables: the outbox backlog, the age of the financial summary view and
 * the lag of event-feed consumers. Each gauge reads the database when it is read (by a scrape or a
 * {@link HealthReport}), at most once per {@code maxStaleness} per group of gauges; a failed read is
 * logged at WARN and reported as NaN.
 *
 * <pre>{@code
 * CoreMetrics.builder(registry, primary)
 *     .outbox("vector.index")
 *     .financialSummaryView()
 *     .eventFeed("notifier", notifier::storedCursor)
 *     .bind();
 * }</pre>
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><td>{@code strata.outbox.jobs}</td><td>gauge; tags {@code topic}, {@code state} (pending, leased, dead)</td></tr>
 *   <tr><td>{@code strata.outbox.oldest.age}</td><td>time gauge, tag {@code topic}: age of the oldest job not done and not dead, 0 when none</td></tr>
 *   <tr><td>{@code strata.view.age}</td><td>time gauge, tag {@code view}: time since the last successful refresh began, NaN if never</td></tr>
 *   <tr><td>{@code strata.events.feed.behind}</td><td>gauge, tag {@code consumer}: events after its cursor (at most 100,000)</td></tr>
 *   <tr><td>{@code strata.events.feed.lag}</td><td>time gauge, tag {@code consumer}: age of the oldest of them, 0 when none</td></tr>
 * </table>
 * Topics and consumer names are tags, so they must be fixed names chosen by the host.
 */
public final class CoreMetrics {

  /** Default {@link Builder#maxStaleness}: ten seconds. */
  public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(CoreMetrics.class);

  private CoreMetrics() {}

  /** A builder of gauges over the Strata schema that {@code dataSource} reaches. */
  public static Builder builder(MeterRegistry registry, DataSource dataSource) {
    return new Builder(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(dataSource, "dataSource"));
  }

  /** Chooses the gauges; {@link #bind()} registers them. */
  public static final class Builder {
    private final MeterRegistry registry;
    private final DataSource dataSource;
    private final List<String> topics = new ArrayList<>();
    private boolean view;
    private final Map<String, Supplier<String>> consumers = new LinkedHashMap<>();
    private Duration maxStaleness = DEFAULT_MAX_STALENESS;

    private Builder(MeterRegistry registry, DataSource dataSource) {
      this.registry = registry;
      this.dataSource = dataSource;
    }

    /** Backlog gauges for each of {@code topics} (outbox topic names). */
    public Builder outbox(String... topics) {
      Objects.requireNonNull(topics, "topics");
      for (String t : topics) {
        Objects.requireNonNull(t, "topic");
        if (t.isBlank() || this.topics.contains(t)) {
          throw new IllegalArgumentException("topic must be non-blank and given once, was: '" + t + "'");
        }
        this.topics.add(t);
      }
      return this;
    }

    /** The age gauge of {@code venture_financial_summary}. */
    public Builder financialSummaryView() {
      this.view = true;
      return this;
    }

    /**
     * Lag gauges for one event-feed consumer.
     *
     * @param consumer a fixed name, the {@code consumer} tag
     * @param cursor   gives the consumer's stored cursor (null before its first page); called on the
     *                 reading thread
     */
    public Builder eventFeed(String consumer, Supplier<String> cursor) {
      Objects.requireNonNull(consumer, "consumer");
      Objects.requireNonNull(cursor, "cursor");
      if (consumer.isBlank() || consumers.containsKey(consumer)) {
        throw new IllegalArgumentException("consumer must be non-blank and given once, was: '" + consumer + "'");
      }
      consumers.put(consumer, cursor);
      return this;
    }

    /** How old a value read from the database may be when a gauge is read again (0: always read). */
    public Builder maxStaleness(Duration maxStaleness) {
      Objects.requireNonNull(maxStaleness, "maxStaleness");
      if (maxStaleness.isNegative()) {
        throw new IllegalArgumentException("maxStaleness must be >= 0, was: " + maxStaleness);
      }
      this.maxStaleness = maxStaleness;
      return this;
    }

    /**
     * Registers the chosen gauges.
     *
     * @throws IllegalStateException if nothing was chosen
     */
    public void bind() {
      if (topics.isEmpty() && !view && consumers.isEmpty()) {
        throw new IllegalStateException("choose at least one of outbox, financialSummaryView, eventFeed");
      }
      Clock clock = registry.config().clock();
      OutboxStats outbox = OutboxStats.of(dataSource);
      for (String topic : topics) {
        Cached<OutboxStats.Backlog> b = new Cached<>(clock, maxStaleness, "outbox backlog of " + topic,
            () -> outbox.backlog(topic));
        jobs(topic, "pending", b, OutboxStats.Backlog::pending);
        jobs(topic, "leased", b, OutboxStats.Backlog::leased);
        jobs(topic, "dead", b, OutboxStats.Backlog::dead);
        TimeGauge.builder("strata.outbox.oldest.age", b, TimeUnit.MILLISECONDS,
                c -> c.map(x -> (double) x.oldestPendingAge().toMillis()))
            .tag("topic", topic).description("age of the oldest outbox job not done and not dead").strongReference(true).register(registry);
      }
      if (view) {
        Cached<Duration> age = new Cached<>(clock, maxStaleness, "age of " + FinancialSummaryRefresher.VIEW,
            () -> FinancialSummaryStats.viewAge(dataSource).orElse(null));
        TimeGauge.builder("strata.view.age", age, TimeUnit.MILLISECONDS, c -> c.map(d -> (double) d.toMillis()))
            .tag("view", FinancialSummaryRefresher.VIEW)
            .description("time since the last successful refresh of the materialized view began").strongReference(true).register(registry);
      }
      EventFeedStats feed = EventFeedStats.of(dataSource);
      consumers.forEach((consumer, cursor) -> {
        Cached<EventFeedStats.Lag> lag = new Cached<>(clock, maxStaleness, "event feed lag of " + consumer,
            () -> feed.lag(cursor.get()));
        Gauge.builder("strata.events.feed.behind", lag, c -> c.map(l -> (double) l.behind())).tag("consumer", consumer)
            .description("events after the consumer's cursor").strongReference(true).register(registry);
        TimeGauge.builder("strata.events.feed.lag", lag, TimeUnit.MILLISECONDS,
                c -> c.map(l -> (double) l.oldestAge().toMillis()))
            .tag("consumer", consumer).description("age of the oldest event after the consumer's cursor")
            .strongReference(true).register(registry);
      });
    }

    private void jobs(String topic, String state, Cached<OutboxStats.Backlog> b, ToDoubleFunction<OutboxStats.Backlog> f) {
      Gauge.builder("strata.outbox.jobs", b, c -> c.map(f::applyAsDouble)).tags("topic", topic, "state", state)
          .description("outbox jobs by state").strongReference(true).register(registry);
    }
  }

  /** One database read shared by a group of gauges, reused for {@code maxStaleness}. */
  private static final class Cached<T> {
    private final Clock clock;
    private final long maxStalenessNanos;
    private final String what;
    private final Supplier<T> read;
    private T value;
    private long readAt;
    private boolean fresh;

    Cached(Clock clock, Duration maxStaleness, String what, Supplier<T> read) {
      this.clock = clock;
      this.maxStalenessNanos = maxStaleness.toNanos();
      this.what = what;
      this.read = read;
    }

    synchronized double map(java.util.function.Function<T, Double> f) {
      long now = clock.monotonicTime();
      if (!fresh || now - readAt >= maxStalenessNanos) {
        readAt = now;
        fresh = true;
        try {
          value = read.get();
        } catch (RuntimeException e) {
          value = null;
          log.warn("reading {} failed: {}", what, e.toString());
        }
      }
      return value == null ? Double.NaN : f.apply(value);
    }
  }
}
