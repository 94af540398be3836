package dev.strata.core.events;

import java.util.List;

/**
 * A page of {@link EventLog#feed}.
 *
 * @param events the events, in feed order
 * @param cursor where to continue from — set on every page, empty ones included; store it once the
 *               page is handled
 */
public record EventPage(List<LoggedEvent> events, String cursor) {

  /** Copies the list. */
  public EventPage {
    events = List.copyOf(events);
  }
}
