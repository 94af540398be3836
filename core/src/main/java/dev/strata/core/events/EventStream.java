package dev.strata.core.events;

/** What an event is about. */
public enum EventStream {
  /** Rows of {@code calendar_events}. */
  CALENDAR("calendar", "calendar_events", "event"),
  /** Rows of {@code notifications}. */
  NOTIFICATION("notification", "notifications", "notification");

  private final String column;
  private final String table;
  private final String typePrefix;

  EventStream(String column, String table, String typePrefix) {
    this.column = column;
    this.table = table;
    this.typePrefix = typePrefix;
  }

  /** The projection table this stream's events keep current. */
  public String table() {
    return table;
  }

  String createdType() {
    return typePrefix + "_created";
  }

  String revertedType() {
    return typePrefix + "_reverted";
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
