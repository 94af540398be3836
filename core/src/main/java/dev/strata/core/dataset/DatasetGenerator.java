package dev.strata.core.dataset;

import dev.strata.core.StrataException;
import dev.strata.core.finance.FinancialSummaryRefresher;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty Strata schema with realistic, deterministic data: the same seed, user count and
 * base time always give the same rows, ids included.
 *
 * <p>Shape per user: 1-3 ventures (about 10% inactive), 10-50 notifications (about 60% read). Per
 * venture: 150-250 financial records over the 15 months before the base time (about 5% of ventures
 * have none), and 10-40 each of content drafts, social posts, calendar events (from 60 days before
 * to 90 days after the base time) and shared assets (about 5% of ventures have empty feeds). Rows
 * are streamed with COPY in one transaction, then the tables are analyzed and the financial summary
 * view refreshed.
 *
 * <pre>{@code
 * DatasetSummary s = DatasetGenerator.builder().seed(42).users(1_000).build().generate(dataSource);
 * }</pre>
 */
public final class DatasetGenerator {

  /** The default base time: a fixed instant, so datasets are reproducible across days. */
  public static final OffsetDateTime DEFAULT_BASE_TIME = OffsetDateTime.of(2026, 6, 15, 12, 0, 0, 0, ZoneOffset.UTC);
  /** Largest user count accepted: {@value}. */
  public static final int MAX_USERS = 1_000_000;

  private static final Logger log = LoggerFactory.getLogger(DatasetGenerator.class);

  private static final String[] ADJECTIVES = {"Bright", "Quiet", "Rapid", "Green", "Bold", "Clever", "North", "Blue",
      "Golden", "Urban", "Wild", "Silver", "Prime", "Lucky", "Solid", "Open"};
  private static final String[] NOUNS = {"Bakery", "Studio", "Labs", "Garden", "Works", "Forge", "Market", "Atelier",
      "Kitchen", "Supply", "Collective", "Outfitters", "Press", "Roasters", "Cycles", "Analytics"};
  private static final String[] FIRST = {"Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jon",
      "Kemi", "Luca", "Maya", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq"};
  private static final String[] LAST = {"Okafor", "Silva", "Nguyen", "Schmidt", "Haddad", "Kowalski", "Tanaka", "Moreau",
      "Patel", "Larsen", "Costa", "Reyes"};
  private static final String[] PLATFORMS = {"instagram", "linkedin", "x", "facebook", "tiktok"};
  private static final String[] EVENT_KINDS = {"post", "deadline", "meeting", "launch"};
  private static final String[] ASSET_KINDS = {"image", "document", "video", "logo"};
  private static final String[] TOPICS = {"spring launch", "customer story", "behind the scenes", "product tips",
      "weekly update", "holiday offer", "team intro", "how-to guide", "case study", "event recap"};
  private static final String[] NOTIFICATION_KINDS = {"post_published", "event_reminder", "draft_approved",
      "asset_shared", "payment_received"};

  private final long seed;
  private final int users;
  private final OffsetDateTime baseTime;

  private DatasetGenerator(Builder b) {
    this.seed = b.seed;
    this.users = b.users;
    this.baseTime = b.baseTime;
  }

  /** A builder: seed 0, 100 users, {@link #DEFAULT_BASE_TIME}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes the dataset into the (empty) Strata tables reachable through {@code dataSource}.
   *
   * @throws IllegalStateException if the users table already has rows
   * @throws StrataException       if PostgreSQL fails
   */
  public DatasetSummary generate(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    long t0 = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM users)")) {
        rs.next();
        if (rs.getBoolean(1)) {
          throw new IllegalStateException("the users table is not empty: the generator fills an empty schema");
        }
      }
      c.setAutoCommit(false);
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      int[] venturesPerUser = new int[users];
      long ventureCount = 0;
      for (int u = 0; u < users; u++) {
        SplittableRandom r = rng(1, u + 1);
        int roll = r.nextInt(100);
        venturesPerUser[u] = roll < 50 ? 1 : roll < 85 ? 2 : 3;
        ventureCount += venturesPerUser[u];
      }
      long usersWritten = writeUsers(copy);
      long venturesWritten = writeVentures(copy, venturesPerUser);
      long fin = writeFinancials(copy, ventureCount);
      long drafts = writeFeed(copy, ventureCount, "content_drafts", "venture_id, title, body, status, created_at, updated_at", 3);
      long posts = writeFeed(copy, ventureCount, "social_posts", "venture_id, platform, content, status, scheduled_at, created_at", 4);
      long events = writeFeed(copy, ventureCount, "calendar_events", "venture_id, title, kind, start_date, end_date, created_at", 5);
      long assets = writeFeed(copy, ventureCount, "shared_assets", "venture_id, name, kind, url, size_bytes, created_at", 6);
      long notes = writeNotifications(copy, venturesPerUser);
      try (Statement s = c.createStatement()) {
        for (String t : new String[] {"users", "ventures", "financial_records", "content_drafts", "social_posts",
            "calendar_events", "shared_assets", "notifications"}) {
          // explicit ids were written: move each identity past them so hosts' inserts do not collide
          s.execute("SELECT setval(pg_get_serial_sequence('" + t + "', 'id'), greatest((SELECT max(id) FROM " + t
              + "), 1))");
        }
      }
      c.commit();
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      FinancialSummaryRefresher.fill(c);
      c.commit();
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE");
      }
      DatasetSummary summary = new DatasetSummary(usersWritten, venturesWritten, fin, drafts, posts, events, assets, notes,
          1, users, baseTime);
      log.info("dataset seed={} users={} written in {} ms: {}", seed, users, (System.nanoTime() - t0) / 1_000_000, summary);
      return summary;
    } catch (SQLException e) {
      throw new StrataException("dataset generation failed: " + e.getMessage(), e);
    }
  }

  private long writeUsers(CopyManager copy) throws SQLException {
    try (CopyStream out = new CopyStream(copy, "users", "id, email, name, created_at")) {
      for (int u = 1; u <= users; u++) {
        SplittableRandom r = rng(2, u);
        out.field(u).field("user" + u + "@example.test")
            .field(pick(r, FIRST) + " " + pick(r, LAST))
            .field(baseTime.minusDays(400 + r.nextInt(400)).minusSeconds(r.nextInt(86_400)))
            .endRow();
      }
      out.finish();
      return out.rows();
    }
  }

  private long writeVentures(CopyManager copy, int[] venturesPerUser) throws SQLException {
    try (CopyStream out = new CopyStream(copy, "ventures", "id, user_id, name, is_active, created_at")) {
      long id = 0;
      for (int u = 0; u < users; u++) {
        for (int k = 0; k < venturesPerUser[u]; k++) {
          id++;
          SplittableRandom r = rng(3, id);
          out.field(id).field(u + 1).field(pick(r, ADJECTIVES) + " " + pick(r, NOUNS) + " " + id)
              .field(r.nextInt(100) >= 10)
              .field(baseTime.minusDays(30 + r.nextInt(360)).minusSeconds(r.nextInt(86_400)))
              .endRow();
        }
      }
      out.finish();
      return out.rows();
    }
  }

  private long writeFinancials(CopyManager copy, long ventures) throws SQLException {
    try (CopyStream out = new CopyStream(copy, "financial_records",
        "id, venture_id, amount, kind, record_date, description, created_at")) {
      long id = 0;
      for (long v = 1; v <= ventures; v++) {
        SplittableRandom r = rng(10, v);
        if (r.nextInt(100) < 5) {
          continue;
        }
        int n = 150 + r.nextInt(101);
        for (int i = 0; i < n; i++) {
          boolean income = r.nextInt(100) < 70;
          long cents = income ? 5_000 + r.nextLong(495_000) : 2_000 + r.nextLong(198_000);
          OffsetDateTime at = baseTime.minusDays(r.nextInt(450)).minusSeconds(r.nextInt(86_400));
          out.field(++id).field(v).field(money(cents)).field(income ? "income" : "expense")
              .field(at.toLocalDate()).field(income ? "sale #" + (1000 + r.nextInt(9000)) : null)
              .field(at).endRow();
        }
      }
      out.finish();
      return out.rows();
    }
  }

  /** Drafts, posts, events and assets share a shape: 10-40 rows per venture, 5% of ventures empty. */
  private long writeFeed(CopyManager copy, long ventures, String table, String columns, int stream) throws SQLException {
    try (CopyStream out = new CopyStream(copy, table, "id, " + columns)) {
      long id = 0;
      for (long v = 1; v <= ventures; v++) {
        SplittableRandom r = rng(20 + stream, v);
        if (r.nextInt(100) < 5) {
          continue;
        }
        int n = 10 + r.nextInt(31);
        for (int i = 0; i < n; i++) {
          OffsetDateTime created = baseTime.minusDays(r.nextInt(180)).minusSeconds(r.nextInt(86_400));
          String topic = pick(r, TOPICS);
          out.field(++id).field(v);
          switch (stream) {
            case 3 -> out.field("Draft: " + topic).field("Notes on the " + topic + " for venture " + v + ".")
                .field(new String[] {"draft", "approved", "published"}[r.nextInt(3)])
                .field(created).field(created.plusMinutes(r.nextInt(2_000)));
            case 4 -> {
              int status = r.nextInt(3);
              out.field(pick(r, PLATFORMS)).field("Our " + topic + " is here! #" + v)
                  .field(new String[] {"draft", "scheduled", "published"}[status])
                  .field(status == 0 ? null : created.plusDays(1 + r.nextInt(14))).field(created);
            }
            case 5 -> {
              OffsetDateTime start = baseTime.plusDays(r.nextInt(151) - 60L).plusMinutes(r.nextInt(1_440))
                  .truncatedTo(ChronoUnit.MINUTES);
              out.field(topic).field(pick(r, EVENT_KINDS)).field(start).field(start.plusMinutes(30 + r.nextInt(210)))
                  .field(created);
            }
            default -> out.field(topic.replace(' ', '-') + "-" + id).field(pick(r, ASSET_KINDS))
                .field("https://assets.example.test/" + v + "/" + id).field(1_000 + r.nextLong(20_000_000))
                .field(created);
          }
          out.endRow();
        }
      }
      out.finish();
      return out.rows();
    }
  }

  private long writeNotifications(CopyManager copy, int[] venturesPerUser) throws SQLException {
    try (CopyStream out = new CopyStream(copy, "notifications",
        "id, user_id, venture_id, kind, message, read, created_at")) {
      long id = 0;
      long firstVenture = 1;
      for (int u = 0; u < users; u++) {
        SplittableRandom r = rng(30, u + 1);
        int n = 10 + r.nextInt(41);
        for (int i = 0; i < n; i++) {
          Long venture = r.nextInt(100) < 15 ? null : firstVenture + r.nextInt(venturesPerUser[u]);
          String kind = pick(r, NOTIFICATION_KINDS);
          out.field(++id).field(u + 1).field(venture).field(kind)
              .field(kind.replace('_', ' ') + (venture == null ? "" : " for venture " + venture))
              .field(r.nextInt(100) < 60)
              .field(baseTime.minusDays(r.nextInt(60)).minusSeconds(r.nextInt(86_400))).endRow();
        }
        firstVenture += venturesPerUser[u];
      }
      out.finish();
      return out.rows();
    }
  }

  /** An independent, reproducible random stream per (table, entity), so tables can be written one at a time. */
  private SplittableRandom rng(int stream, long entity) {
    long h = seed * 0x9E3779B97F4A7C15L + stream * 0xC2B2AE3D27D4EB4FL + entity * 0x165667B19E3779F9L;
    return new SplittableRandom(h);
  }

  private static String pick(SplittableRandom r, String[] values) {
    return values[r.nextInt(values.length)];
  }

  private static String money(long cents) {
    return (cents / 100) + "." + String.format("%02d", cents % 100);
  }

  /** Builds a {@link DatasetGenerator}. */
  public static final class Builder {
    private long seed;
    private int users = 100;
    private OffsetDateTime baseTime = DEFAULT_BASE_TIME;

    private Builder() {}

    /** The random seed; the same seed gives the same data. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Number of users: 1 to {@value #MAX_USERS}. */
    public Builder users(int users) {
      if (users < 1 || users > MAX_USERS) {
        throw new IllegalArgumentException("users must be in 1.." + MAX_USERS + ", was: " + users);
      }
      this.users = users;
      return this;
    }

    /** The instant the data is relative to ("now" for upcoming events and recent records). */
    public Builder baseTime(OffsetDateTime baseTime) {
      this.baseTime = Objects.requireNonNull(baseTime, "baseTime").withOffsetSameInstant(ZoneOffset.UTC);
      return this;
    }

    /** Builds the generator. */
    public DatasetGenerator build() {
      return new DatasetGenerator(this);
    }
  }
}
