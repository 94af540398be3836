package dev.strata.core.events;

/** What an event is about. */
public enum EventStream {
  /** Rows of {@code calendar_events}. */
  CALENDAR("calendar"),
  /** Rows of {@code notifications}. */
  NOTIFICATION("notification");

  private final String column;

  EventStream(String column) {
    this.column = column;
  }

  /** The value stored in the log's {@code stream} column. */
  public String column() {
    return column;
  }

  static EventStream of(String column) {
    for (EventStream s : values()) {
      if (s.column.equals(column)) {
        return s;
      }
    }
    throw new IllegalStateException("unknown stream in the event log: " + column);
  }
}
