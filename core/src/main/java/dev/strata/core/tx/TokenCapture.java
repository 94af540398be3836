package dev.strata.core.tx;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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

  /** The primary's {@code pg_current_wal_insert_lsn()}, which is past the commit just made. */
  static TokenCapture walInsertLsn() {
    return c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
        rs.next();
        return rs.getString(1);
      }
    };
  }
}
