package dev.strata.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Time lag, with replay paused on the real standby. */
@ExtendWith(PostgresExtension.class)
class RoutingLagIT {

  private static final long BOUND_NANOS = Duration.ofSeconds(30).toNanos();
  private static TestDatabase db;

  @BeforeAll
  static void schema(TestDatabase database) throws SQLException {
    db = database;
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items (id bigserial PRIMARY KEY, owner text NOT NULL, body text NOT NULL)");
    }
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
  }

  @Test
  void maxLagTime_replicaBehindLongerThanTheLimit_leavesRotation_evenUnderTheByteLimit() throws Exception {
    List<String> reasons = new CopyOnWriteArrayList<>();
    RoutingListener listener = new RoutingListener() {
      @Override
      public void onHealthChange(String replica, boolean healthy, String reason) {
        reasons.add(healthy + ": " + reason);
      }
    };
    try (RouterFixture f = new RouterFixture(db, b -> b.maxLagTime(Duration.ofMillis(300))
        .maxLagBytes(1L << 30).listener(listener))) {
      assertTrue(f.router.stats().replicas().get("replica-1").healthy());
      db.server().pauseReplay();
      try {
        f.router.write(c -> RoutingDataSourceIT.insert(c, "lag", "held back"));
        RoutingDataSourceIT.awaitHealth(f.router, false);
        RoutingStats.ReplicaStatus s = f.router.stats().replicas().get("replica-1");
        assertTrue(s.lagBytes() >= 0 && s.lagBytes() < (1L << 30), "under the byte limit: " + s);
        assertTrue(reasons.get(reasons.size() - 1).matches("false: lag \\d+ ms > maxLagTime 300 ms"), reasons.toString());
        assertFalse(f.router.read(RouterFixture::onReplica), "reads avoid the lagging replica");
      } finally {
        db.server().resumeReplay();
      }
      RoutingDataSourceIT.awaitHealth(f.router, true);
      assertTrue(f.router.read(RouterFixture::onReplica));
    }
  }

  @Test
  void sessionRead_replicaLaggingMoreThanTheWaitButUnderMaxLagTime_goesToThePrimaryWithoutWaiting() throws Exception {
    Duration wait = Duration.ofSeconds(1);
    List<String> fallbacks = new CopyOnWriteArrayList<>();
    RoutingListener listener = new RoutingListener() {
      @Override
      public void onFallback(String reason) {
        fallbacks.add(reason);
      }
    };
    try (RouterFixture f = new RouterFixture(db, b -> b.readYourWritesWait(wait).maxLagTime(Duration.ofMinutes(10))
        .maxLagBytes(1L << 30).listener(listener))) {
      db.server().pauseReplay();
      try {
        RoutingSession session = f.router.session("user:lag");
        session.write(c -> RoutingDataSourceIT.insert(c, "lag", "first"));
        awaitLagAtLeast(f.router, wait.toMillis());
        assertTrue(f.router.stats().replicas().get("replica-1").healthy(), "still in rotation: under maxLagTime");

        long id = session.write(c -> RoutingDataSourceIT.insert(c, "lag", "mine"));
        fallbacks.clear();
        long t0 = System.nanoTime();
        assertEquals("mine", session.read(c -> RoutingDataSourceIT.body(c, id)));
        long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertEquals(List.of("no healthy replica could reach the session's token in time"), fallbacks,
            "the read knew from the last check that the replica could not have the write within the wait");
        assertTrue(millis < wait.toMillis(), "the read did not wait for the replica: " + millis + " ms");
      } finally {
        db.server().resumeReplay();
      }
      db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
    }
  }

  private static void awaitLagAtLeast(RoutingDataSource router, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND_NANOS;
    while (router.stats().replicas().get("replica-1").lagMillis() < millis) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("lag did not reach " + millis + " ms: " + router.stats());
      }
      Thread.sleep(50);
    }
  }
}
