package dev.strata.core.dashboard;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** Loads a user's {@link Dashboard}. Implementations are thread-safe. */
public interface DashboardLoader {

  /**
   * Loads the dashboard of {@code userId}.
   *
   * @param userId       the user (a positive id)
   * @param incomeSince  first day counted in the monthly income (e.g. the first of the month)
   * @param now          upcoming events start at or after this instant
   * @throws IllegalArgumentException for a non-positive id or a null argument
   */
  Dashboard load(long userId, LocalDate incomeSince, OffsetDateTime now);
}
