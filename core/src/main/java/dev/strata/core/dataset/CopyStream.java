package dev.strata.core.dataset;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/** Streams rows in COPY text format to one table, through a fixed-size buffer. */
final class CopyStream implements AutoCloseable {

  private static final int BUFFER = 1 << 16;

  private final CopyIn copy;
  private final StringBuilder row = new StringBuilder(256);
  private final byte[] buffer = new byte[BUFFER * 2];
  private int used;
  private long rows;
  private boolean first = true;

  CopyStream(CopyManager manager, String table, String columns) throws SQLException {
    this.copy = manager.copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
  }

  CopyStream field(long v) {
    sep();
    row.append(v);
    return this;
  }

  CopyStream field(boolean v) {
    sep();
    row.append(v ? 't' : 'f');
    return this;
  }

  /** Null becomes COPY's {@code \N}; backslash, tab and line breaks are escaped. */
  CopyStream field(Object v) {
    sep();
    if (v == null) {
      row.append("\\N");
      return this;
    }
    String s = v.toString();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> row.append("\\\\");
        case '\t' -> row.append("\\t");
        case '\n' -> row.append("\\n");
        case '\r' -> row.append("\\r");
        default -> row.append(c);
      }
    }
    return this;
  }

  private void sep() {
    if (!first) {
      row.append('\t');
    }
    first = false;
  }

  void endRow() throws SQLException {
    row.append('\n');
    byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
    if (used + bytes.length > buffer.length) {
      flush();
    }
    if (bytes.length > buffer.length) {
      copy.writeToCopy(bytes, 0, bytes.length);
    } else {
      System.arraycopy(bytes, 0, buffer, used, bytes.length);
      used += bytes.length;
      if (used >= BUFFER) {
        flush();
      }
    }
    row.setLength(0);
    first = true;
    rows++;
  }

  private void flush() throws SQLException {
    if (used > 0) {
      copy.writeToCopy(buffer, 0, used);
      used = 0;
    }
  }

  long rows() {
    return rows;
  }

  /** Sends the rest of the rows and ends the COPY. */
  void finish() throws SQLException {
    flush();
    copy.endCopy();
  }

  /** Cancels the COPY if {@link #finish()} was not reached (an exception is on its way). */
  @Override
  public void close() throws SQLException {
    if (copy.isActive()) {
      copy.cancelCopy();
    }
  }
}
