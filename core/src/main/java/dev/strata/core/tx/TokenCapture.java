package dev.strata.core.tx;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Reads a read-your-writes token on the unit of work's own connection, right after its commit and
 * before the connection is given back. core does not know what a token means; with
 * {@link #walInsertLsn()} it is the primary's WAL position in PostgreSQL's text form, which
 * strata-routing accepts as is: {@code session.advance(ConsistencyToken.parse(token))}.
 *
 * <p>Why after the commit and not inside the transaction: the commit record is written to the WAL
 * at commit, after every position readable inside the transaction. A replica that has replayed up
 * to an in-transaction position may not have the commit yet and would not show the write.
 */
@FunctionalInterface
public interface TokenCapture {

  /** Reads the token on {@code connection} (autocommit, the unit of work's transaction committed). */
  String capture(Connection connection) throws SQLException;

  /**
   * The end of the primary's WAL, which is past the commit just made, in the form a standby reports
   * replay ({@code pg_last_wal_replay_lsn()}): {@code pg_current_wal_insert_lsn()}, less the page
   * header it points past when the last record ended exactly on a WAL page boundary (no standby
   * reports that position until more WAL is written, so a read waiting for it would wait in vain).
   * strata-routing's {@code ConsistencyToken.current(Connection)} reads the same position.
   */
  static TokenCapture walInsertLsn() {
    return c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT l::text, CASE WHEN o.file_offset = 40 "
          + "THEN 40 WHEN o.file_offset % current_setting('wal_block_size')::int = 24 THEN 24 ELSE 0 END "
          + "FROM pg_current_wal_insert_lsn() AS l, pg_walfile_name_offset(l) AS o")) {
        rs.next();
        String insert = rs.getString(1);
        int slash = insert.indexOf('/');
        long end = (Long.parseLong(insert.substring(0, slash), 16) << 32 | Long.parseLong(insert.substring(slash + 1), 16))
            - rs.getInt(2);
        return Long.toHexString(end >>> 32).toUpperCase(Locale.ROOT) + "/"
            + Long.toHexString(end & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
      }
    };
  }
}
