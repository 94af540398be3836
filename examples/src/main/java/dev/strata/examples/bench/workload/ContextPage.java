package dev.strata.examples.bench.workload;

import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.SharedAsset;
import java.util.List;

/**
 * A venture's context page as cached: its newest shared assets and its soonest calendar events.
 *
 * @param ventureId the venture
 * @param assets    newest first
 * @param events    soonest first
 */
public record ContextPage(long ventureId, List<SharedAsset> assets, List<CalendarEvent> events) {

  /** Copies the lists. */
  public ContextPage {
    assets = List.copyOf(assets);
    events = List.copyOf(events);
  }
}
