package dev.strata.venture;

import dev.strata.core.domain.CalendarEvent;
import dev.strata.core.domain.ContentDraft;
import dev.strata.core.domain.SharedAsset;
import java.util.List;

/**
 * What an editor (or an AI assistant writing for the venture) needs at hand about one venture: its
 * latest drafts, its calendar and its shared assets — the first page of each.
 *
 * @param ventureId    the venture
 * @param recentDrafts the {@value VentureReads#RECENT_DRAFTS} newest content drafts, newest first
 * @param events       the first {@value VentureReads#CONTEXT_PAGE} calendar events, soonest first
 * @param moreEvents   whether more events follow (page on with core's {@code ContextQueries})
 * @param assets       the {@value VentureReads#CONTEXT_PAGE} newest shared assets, newest first
 * @param moreAssets   whether more assets follow
 */
public record VentureContext(long ventureId, List<ContentDraft> recentDrafts, List<CalendarEvent> events,
    boolean moreEvents, List<SharedAsset> assets, boolean moreAssets) {

  /** Copies the lists. */
  public VentureContext {
    recentDrafts = List.copyOf(recentDrafts);
    events = List.copyOf(events);
    assets = List.copyOf(assets);
  }
}
