package dev.strata.core.dashboard;

import java.util.List;

/**
 * One user's dashboard: their active ventures in id order, each with its figures and feeds.
 *
 * @param userId   the user
 * @param ventures active ventures, by id; empty when the user has none
 */
public record Dashboard(long userId, List<VentureDashboard> ventures) {

  /** Copies the list. */
  public Dashboard {
    ventures = List.copyOf(ventures);
  }
}
