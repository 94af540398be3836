package dev.strata.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * A position in the primary's WAL (a PostgreSQL LSN) that a read must see: a replica may serve the
 * read once its {@code pg_last_wal_replay_lsn()} has reached it. Tokens come from writes through the
 * router; they are comparable and travel as text ({@link #toString()} / {@link #parse(String)}), so a
 * web application can keep one in a session or a cookie across requests.
 */
public final class ConsistencyToken implements Comparable<ConsistencyToken> {

  private final long lsn;

  private ConsistencyToken(long lsn) {
    this.lsn = lsn;
  }

  /** The token for an LSN in PostgreSQL's text form, e.g. {@code 0/16B3748}. */
  public static ConsistencyToken parse(String lsn) {
    return new ConsistencyToken(parseLsn(Objects.requireNonNull(lsn, "lsn")));
  }

  /**
   * The end of the WAL inserted so far, in the form a standby reports replay
   * ({@code pg_last_wal_replay_lsn()}, the end of the last record): the insert position, less the page
   * header it points past when the last record ended exactly at a WAL page boundary (24 bytes, or 40 on
   * the first page of a segment). No record ends inside a page header, so a standby has everything
   * before this position exactly when it has everything before the insert position.
   */
  private static final String WAL_END_SQL = "SELECT l::text, CASE WHEN o.file_offset = 40 THEN 40 "
      + "WHEN o.file_offset % current_setting('wal_block_size')::int = 24 THEN 24 ELSE 0 END "
      + "FROM pg_current_wal_insert_lsn() AS l, pg_walfile_name_offset(l) AS o";

  /**
   * A token past every commit the primary behind {@code primary} has made so far (read on that
   * connection, outside a transaction or after its commit). It is where a standby that has replayed
   * those commits reports being — not {@code pg_current_wal_insert_lsn()}, which points past a page
   * header when the last record ended a WAL page, a position no standby reports until more WAL is
   * written, so a read waiting for it would wait in vain.
   *
   * @throws SQLException if the position cannot be read (e.g. {@code primary} is a standby)
   */
  public static ConsistencyToken current(Connection primary) throws SQLException {
    Objects.requireNonNull(primary, "primary");
    try (Statement st = primary.createStatement(); ResultSet rs = st.executeQuery(WAL_END_SQL)) {
      rs.next();
      return new ConsistencyToken(parseLsn(rs.getString(1)) - rs.getInt(2));
    }
  }

  /** Parses {@code X/Y} (two hexadecimal halves) into a 64-bit position. */
  static long parseLsn(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException("lsn must look like 16/B374D848, was: " + text);
    }
    try {
      long hi = Long.parseLong(text.substring(0, slash), 16);
      long lo = Long.parseLong(text.substring(slash + 1), 16);
      if (hi > 0xFFFFFFFFL || lo > 0xFFFFFFFFL || hi < 0 || lo < 0) {
        throw new IllegalArgumentException("lsn halves must be 32-bit hexadecimal, was: " + text);
      }
      return (hi << 32) | lo;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("lsn must look like 16/B374D848, was: " + text, e);
    }
  }

  /** The position as a 64-bit number (comparable with unsigned order; real LSNs never reach the sign bit). */
  public long lsn() {
    return lsn;
  }

  /** Whether a replica that has replayed up to {@code replayedLsn} has this write. */
  public boolean isSatisfiedBy(long replayedLsn) {
    return Long.compareUnsigned(replayedLsn, lsn) >= 0;
  }

  /** The later of two tokens (null-tolerant on {@code other}). */
  public ConsistencyToken max(ConsistencyToken other) {
    return other == null || compareTo(other) >= 0 ? this : other;
  }

  @Override
  public int compareTo(ConsistencyToken o) {
    return Long.compareUnsigned(lsn, o.lsn);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsistencyToken t && t.lsn == lsn;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(lsn);
  }

  /** PostgreSQL's text form, {@code X/Y}. */
  @Override
  public String toString() {
    return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
  }
}
