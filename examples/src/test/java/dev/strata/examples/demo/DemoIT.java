package dev.strata.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The README's first command runs this flow: it must keep doing what it says, on real servers. */
class DemoIT {

  @Test
  void theDemoShowsEveryLayerDoingItsJob() throws Exception {
    DemoMain.Outcome o = new DemoMain().run();
    assertTrue(o.draftSeenAtOnce(), "the new draft on the other instance's dashboard at once");
    assertTrue(o.foundByMeaning(), "the venture's search finds the new draft");
    assertEquals(0, o.otherVentureHits(), "another user's venture sees nothing of it");
    assertTrue(o.ownWriteDuringLag(), "read-your-writes while replay is paused");
    assertTrue(o.nothingLost(), "every job written while Qdrant was down indexed after");
    assertTrue(o.servedWithRedisDown(), "fail-open with Redis down");
  }
}
