package dev.strata.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cache.internal.PendingInvalidations.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingInvalidationsTest {

  private static Op key(String name) {
    return new Op('k', null, name);
  }

  @Test
  void add_deduplicatesAndKeepsOrder() {
    PendingInvalidations p = new PendingInvalidations(10);
    p.add(key("a"));
    p.add(new Op('g', "venture:1", null));
    p.add(key("a"));
    assertEquals(List.of(key("a"), new Op('g', "venture:1", null)), p.take());
    p.replayed();
    assertTrue(p.isEmpty());
  }

  @Test
  void take_opsStillPendingUntilTheReplayEnds() {
    PendingInvalidations p = new PendingInvalidations(10);
    p.add(key("a"));
    List<Op> taken = p.take();
    assertFalse(p.isEmpty(), "taken but not yet in Redis: reads must still wait");
    assertFalse(p.quickIsEmpty());
    p.restore(taken);
    assertFalse(p.isEmpty());
    assertEquals(taken, p.take());
    p.replayed();
    assertTrue(p.isEmpty());
    assertTrue(p.quickIsEmpty());
  }

  @Test
  void add_beyondLimit_countsDropped() {
    PendingInvalidations p = new PendingInvalidations(2);
    p.add(key("a"));
    p.add(key("b"));
    p.add(key("c"));
    p.add(key("a")); // already queued: not a drop
    assertEquals(1, p.takeDropped());
    assertEquals(List.of(key("a"), key("b")), p.take());
    assertEquals(0, p.takeDropped());
  }

  @Test
  void restore_putsUnreplayedOpsFirst() {
    PendingInvalidations p = new PendingInvalidations(10);
    p.add(key("a"));
    p.add(key("b"));
    List<Op> taken = p.take();
    p.add(key("c"));
    p.restore(taken.subList(1, 2));
    assertEquals(List.of(key("b"), key("c")), p.take());
  }
}
