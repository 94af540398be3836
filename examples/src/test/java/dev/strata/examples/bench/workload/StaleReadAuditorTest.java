package dev.strata.examples.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.domain.Notification;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleReadAuditorTest {

  private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC);

  private static Notification n(long id, int secondsAfterT0) {
    return new Notification(id, 7, 1L, "k", "m", false, T0.plusSeconds(secondsAfterT0));
  }

  /** A page of {@link Workload#PAGE} rows, newest first, created 100 s after T0 and later. */
  private static List<Notification> fullPage(long firstId) {
    List<Notification> page = new ArrayList<>();
    for (int i = 0; i < Workload.PAGE; i++) {
      page.add(n(firstId - i, 100 + Workload.PAGE - i));
    }
    return page;
  }

  @Test
  void aRowThatStartedEarlier_mayFallOffAFullPageOfNewerRows_butNotOffAShortOne() {
    Notification want = n(1_000, 5); // highest id, but its transaction started before every row shown
    StaleReadAuditor auditor = new StaleReadAuditor();
    auditor.committed(7, new dev.strata.core.domain.ContentDraft(1, 1, "t", "b", "draft", T0, T0), want);
    auditor.checkNotifications(auditor.expected(7), fullPage(900));
    assertEquals(0, auditor.stale(), "a full page of rows sorting above it is a correct page");
    auditor.checkNotifications(auditor.expected(7), fullPage(900).subList(0, 3));
    assertEquals(1, auditor.stale(), "a short page without it misses it");
    auditor.checkNotifications(auditor.expected(7), List.of(n(1_000, 5)));
    assertEquals(1, auditor.stale());
    assertEquals(3, auditor.audited());
    assertTrue(auditor.samples().get(0).contains("miss 1000"), auditor.samples().toString());
  }

  @Test
  void onATie_theHigherIdSortsFirst() {
    List<Notification> page = fullPage(900);
    OffsetDateTime lastCreated = page.get(page.size() - 1).createdAt();
    assertTrue(StaleReadAuditor.shows(page, 1, Workload.PAGE, Notification::id, Notification::createdAt, lastCreated),
        "id 1 ties with the last row's time and sorts below it");
    assertFalse(StaleReadAuditor.shows(page, 5_000, Workload.PAGE, Notification::id, Notification::createdAt, lastCreated),
        "id 5000 at the same time would sort above the last row: the page should show it");
  }
}
