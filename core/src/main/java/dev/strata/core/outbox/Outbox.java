package dev.strata.core.outbox;

import dev.strata.core.internal.Args;
import dev.strata.core.StrataException;
import dev.strata.core.internal.Backoff;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;

/**
 * The transactional outbox over table {@code strata_outbox} (migration V6).
 *
 * <p>Writers {@link #enqueue} a job on their own connection or Jdbi handle, inside the transaction of
 * the write that causes it: the job exists if and only if the write committed. Workers {@link #claim}
 * ready jobs of a topic with {@code FOR UPDATE SKIP LOCKED}, so several workers (in one process or
 * many) share the work without waiting for each other; a claim is a lease, after which an unfinished
 * job becomes claimable again. Each claimed job ends in {@link #complete(OutboxMessage)} (deleted; a batch of them
 * in one statement with {@link #complete(List)}),
 * {@link #retryLater} (claimable again after an exponential backoff with jitter) or
 * {@link #deadLetter} (kept, never claimed again).
 *
 * <pre>{@code
 * Outbox outbox = Outbox.builder(dataSource).build();
 * jdbi.useTransaction(h -> {
 *   long draft = insertDraft(h, ...);
 *   outbox.enqueue(h, "vector.index", json);
 * });
 * List<OutboxMessage> done = new ArrayList<>();
 * for (OutboxMessage m : outbox.claim("vector.index", 64, Duration.ofMinutes(1))) {
 *   try { handle(m); done.add(m); } catch (Exception e) { outbox.retryLater(m, e.toString()); }
 * }
 * outbox.complete(done);   // one DELETE for the batch; returns the jobs whose claim still held
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Outbox {

  /** Default backoff after the first failure. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
  /** Default longest backoff. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
  /** Largest number of jobs one {@link #claim} returns. */
  public static final int MAX_CLAIM = 1_000;

  private static final Pattern TOPIC = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final int MAX_ERROR = 2_000;

  private static final String INSERT = "INSERT INTO strata_outbox (topic, payload) VALUES (?, ?) RETURNING id";
  private static final String CLAIM = """
      UPDATE strata_outbox o
         SET attempts = o.attempts + 1,
             available_at = now() + (? * interval '1 millisecond'),
             claim_token = ?
        FROM (SELECT id FROM strata_outbox
               WHERE topic = ? AND dead_at IS NULL AND available_at <= now()
               ORDER BY available_at, id
               LIMIT ?
               FOR UPDATE SKIP LOCKED) ready
       WHERE o.id = ready.id
   RETURNING o.id, o.topic, o.payload, o.attempts, o.created_at""";
  private static final String COMPLETE = "DELETE FROM strata_outbox WHERE id = ? AND claim_token = ?";
  private static final String COMPLETE_ALL = "DELETE FROM strata_outbox o USING unnest(?::bigint[], ?::uuid[]) AS c(id, token) "
      + "WHERE o.id = c.id AND o.claim_token = c.token RETURNING o.id, o.claim_token";
  private static final String RETRY = "UPDATE strata_outbox SET available_at = now() + (? * interval '1 millisecond'), "
      + "claim_token = NULL, last_error = ? WHERE id = ? AND claim_token = ?";
  private static final String DEAD = "UPDATE strata_outbox SET dead_at = now(), claim_token = NULL, last_error = ? "
      + "WHERE id = ? AND claim_token = ?";

  private final DataSource dataSource;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private Outbox(Builder b) {
    this.dataSource = b.dataSource;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
  }

  /** A builder over {@code dataSource} (the primary; workers claim and complete through it). */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * Enqueues a job on {@code connection}, in its current transaction (nothing is committed here).
   *
   * @return the job id
   */
  public long enqueue(Connection connection, String topic, String payload) {
    Args.notNull(connection, "connection");
    checkTopic(topic);
    Args.storableText(Args.notNull(payload, "payload"), "payload");
    try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
      ps.setString(1, topic);
      ps.setString(2, payload);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StrataException("outbox enqueue on topic " + topic + " failed: " + e.getMessage(), e);
    }
  }

  /** Enqueues a job on {@code handle}'s connection, in its current transaction. */
  public long enqueue(Handle handle, String topic, String payload) {
    return enqueue(Args.notNull(handle, "handle").getConnection(), topic, payload);
  }

  /**
   * Claims up to {@code max} ready jobs of {@code topic}, oldest first, skipping jobs other workers
   * hold; each stays with this caller for {@code lease}. Runs in its own short transaction.
   *
   * @return the claimed jobs in id order (empty when none is ready)
   */
  public List<OutboxMessage> claim(String topic, int max, Duration lease) {
    checkTopic(topic);
    Args.limit(max, MAX_CLAIM, "max");
    Args.notNull(lease, "lease");
    Args.atMostAYear(lease, "lease");
    if (lease.toMillis() < 1) {
      throw new IllegalArgumentException("lease must be at least 1 ms, was: " + lease);
    }
    UUID token = UUID.randomUUID();
    List<OutboxMessage> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
      c.setAutoCommit(true);
      ps.setLong(1, lease.toMillis());
      ps.setObject(2, token);
      ps.setString(3, topic);
      ps.setInt(4, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
              rs.getObject(5, java.time.OffsetDateTime.class).toInstant(), token));
        }
      }
    } catch (SQLException e) {
      throw new StrataException("outbox claim on topic " + topic + " failed: " + e.getMessage(), e);
    }
    out.sort(Comparator.comparingLong(OutboxMessage::id));
    return out;
  }

  /**
   * Marks a claimed job done (deletes it).
   *
   * @return false when the claim had expired and the job was claimed again (it was left alone)
   */
  public boolean complete(OutboxMessage message) {
    Args.notNull(message, "message");
    return update(COMPLETE, "complete", message, ps -> {
      ps.setLong(1, message.id());
      ps.setObject(2, message.claimToken());
    });
  }

  /**
   * Marks claimed jobs done (deletes them) with one statement, in its own short transaction: a
   * worker completes a whole batch in one round trip. Each job is deleted only if this claim of it
   * still holds, as {@link #complete(OutboxMessage)} does; a job whose lease expired and which was
   * claimed again is left alone.
   *
   * @param messages claimed jobs (of any topics and claims); empty does nothing
   * @return the jobs that were still held and are now done, in the order given
   * @throws NullPointerException if an element is null (before anything is deleted)
   */
  public List<OutboxMessage> complete(List<OutboxMessage> messages) {
    Args.notNull(messages, "messages");
    for (int i = 0; i < messages.size(); i++) {
      Args.notNull(messages.get(i), "messages[" + i + "]");
    }
    if (messages.isEmpty()) {
      return List.of();
    }
    Set<List<Object>> deleted = new HashSet<>(); // (id, claim token) of each deleted job
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(COMPLETE_ALL)) {
      c.setAutoCommit(true);
      ps.setArray(1, c.createArrayOf("bigint", messages.stream().map(OutboxMessage::id).toArray()));
      ps.setArray(2, c.createArrayOf("uuid", messages.stream().map(OutboxMessage::claimToken).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          deleted.add(List.of(rs.getLong(1), rs.getObject(2, UUID.class)));
        }
      }
    } catch (SQLException e) {
      throw new StrataException("outbox complete of " + messages.size() + " jobs failed: " + e.getMessage(), e);
    }
    return messages.stream().filter(m -> deleted.contains(List.of(m.id(), m.claimToken()))).toList();
  }

  /**
   * Makes a claimed job claimable again after a backoff of {@code initialBackoff × 2^(attempts−1)}
   * capped at {@code maxBackoff}, with equal jitter (a random half to all of it), and records {@code error}.
   *
   * @return false when the claim had expired and the job was claimed again (it was left alone)
   */
  public boolean retryLater(OutboxMessage message, String error) {
    Args.notNull(message, "message");
    long delay = backoffMillis(message.attempts());
    return update(RETRY, "retry", message, ps -> {
      ps.setLong(1, delay);
      ps.setString(2, truncate(error));
      ps.setLong(3, message.id());
      ps.setObject(4, message.claimToken());
    });
  }

  /**
   * Parks a claimed job that can never succeed (e.g. a malformed payload): it is kept with
   * {@code dead_at} and {@code error}, and never claimed again.
   *
   * @return false when the claim had expired and the job was claimed again (it was left alone)
   */
  public boolean deadLetter(OutboxMessage message, String error) {
    Args.notNull(message, "message");
    return update(DEAD, "dead-letter", message, ps -> {
      ps.setString(1, truncate(error));
      ps.setLong(2, message.id());
      ps.setObject(3, message.claimToken());
    });
  }

  /** Jobs of {@code topic} not done and not dead (ready, leased or backing off). */
  public long pending(String topic) {
    return countWhere(topic, "dead_at IS NULL");
  }

  /** Dead-lettered jobs of {@code topic}. */
  public long dead(String topic) {
    return countWhere(topic, "dead_at IS NOT NULL");
  }

  /** The backoff after the {@code attempts}-th failed attempt, jittered (for tests and logs). */
  long backoffMillis(int attempts) {
    return Backoff.equalJitterMillis(initialBackoff.toMillis(), maxBackoff.toMillis(), attempts);
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private boolean update(String sql, String what, OutboxMessage m, Binder binder) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      c.setAutoCommit(true);
      binder.bind(ps);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StrataException("outbox " + what + " of job " + m.id() + " failed: " + e.getMessage(), e);
    }
  }

  private long countWhere(String topic, String condition) {
    checkTopic(topic);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM strata_outbox WHERE topic = ? AND " + condition)) {
      ps.setString(1, topic);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StrataException("outbox count on topic " + topic + " failed: " + e.getMessage(), e);
    }
  }

  private static String truncate(String error) {
    String e = error == null ? "" : error;
    return e.length() <= MAX_ERROR ? e : e.substring(0, MAX_ERROR);
  }

  static void checkTopic(String topic) {
    Args.notNull(topic, "topic");
    if (!TOPIC.matcher(topic).matches()) {
      throw new IllegalArgumentException("topic must be 1..100 characters of [a-z0-9._-] starting with a letter or digit, was: '"
          + topic + "'");
    }
  }

  /** Builds an {@link Outbox}; setters check their values at once. */
  public static final class Builder {
    private final DataSource dataSource;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private boolean initialBackoffSet;
    private boolean maxBackoffSet;

    private Builder(DataSource dataSource) {
      this.dataSource = Args.notNull(dataSource, "dataSource");
    }

    /** Backoff after the first failure (default 1 s), at least 1 ms. */
    public Builder initialBackoff(Duration d) {
      positive(d, "initialBackoff");
      initialBackoffSet = once(initialBackoffSet, "initialBackoff");
      this.initialBackoff = d;
      return this;
    }

    /** Longest backoff (default 5 min), at least 1 ms. */
    public Builder maxBackoff(Duration d) {
      positive(d, "maxBackoff");
      maxBackoffSet = once(maxBackoffSet, "maxBackoff");
      this.maxBackoff = d;
      return this;
    }

    /** The outbox. @throws IllegalStateException if maxBackoff is below initialBackoff */
    public Outbox build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalStateException("maxBackoff must be >= initialBackoff (" + initialBackoff + "), was: " + maxBackoff);
      }
      return new Outbox(this);
    }

    private static boolean once(boolean alreadySet, String option) {
      if (alreadySet) {
        throw new IllegalStateException(option + " was already set on this builder");
      }
      return true;
    }

    private static Duration positive(Duration d, String name) {
      Args.notNull(d, name);
      Args.atMostAYear(d, name);
      if (d.toMillis() < 1) {
        throw new IllegalArgumentException(name + " must be at least 1 ms, was: " + d);
      }
      return d;
    }
  }
}
