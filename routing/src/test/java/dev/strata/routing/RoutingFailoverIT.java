package dev.strata.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Servers stopped under the router: the testkit's fault injection on its own embedded servers. */
@ExtendWith(PostgresExtension.class)
class RoutingFailoverIT {

  private static TestDatabase db;

  @BeforeAll
  static void schema(TestDatabase database) throws SQLException {
    Assumptions.assumeTrue(database.server().supportsFaultInjection(),
        "the testkit's servers are external (environment URLs): they cannot be stopped by tests");
    db = database;
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items (id bigserial PRIMARY KEY, owner text NOT NULL, body text NOT NULL)");
      st.execute("INSERT INTO items (owner, body) SELECT 'seed', 'row ' || g FROM generate_series(1, 100) g");
    }
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
  }

  @Test
  void replicaStoppedMidLoadCostsNoFailedRead() throws Exception {
    try (RouterFixture f = new RouterFixture(db, b -> {})) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong reads = new AtomicLong();
      AtomicLong wrong = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        workers.add(pool.submit(() -> {
          while (!stop.get()) {
            long n = f.router.read(c -> {
              try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM items WHERE owner = 'seed'")) {
                rs.next();
                return rs.getLong(1);
              }
            });
            if (n != 100) {
              wrong.incrementAndGet();
            }
            reads.incrementAndGet();
          }
          return null;
        }));
      }
      try {
        Thread.sleep(300);
        long before = f.router.stats().replicaReads();
        assertTrue(before > 0, "load reached the replica before the stop");
        db.server().stopReplica();
        Thread.sleep(1_500);
        long primaryBefore = f.router.stats().primaryReads();
        Thread.sleep(500);
        assertTrue(f.router.stats().primaryReads() > primaryBefore, "reads moved to the primary");
        assertFalse(f.router.stats().replicas().get("replica-1").healthy());
      } finally {
        db.server().startReplica();
      }
      try {
        RoutingDataSourceIT.awaitHealth(f.router, true);
        long replicaBefore = f.router.stats().replicaReads();
        Thread.sleep(300);
        assertTrue(f.router.stats().replicaReads() > replicaBefore, "reads came back to the restarted replica");
      } finally {
        stop.set(true);
        for (Future<?> w : workers) {
          w.get(); // rethrows the first failed read, if any
        }
        pool.shutdown();
      }
      assertEquals(0, wrong.get());
      assertTrue(reads.get() > 100);
    }
  }

  @Test
  void primaryStoppedFailsWritesFastAndReadsGoOn() throws Exception {
    try (RouterFixture f = new RouterFixture(db, b -> {})) {
      db.server().stopPrimary();
      try {
        long t0 = System.nanoTime();
        PrimaryUnavailableException e = assertThrows(PrimaryUnavailableException.class,
            () -> f.router.write(c -> RoutingDataSourceIT.insert(c, "down", "lost?")));
        long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("primary is unavailable"), e.getMessage());
        // bounded by the pool's connection timeout (plus scheduling slack on a loaded machine)
        assertTrue(millis < RouterFixture.CONNECTION_TIMEOUT_MS + 2_000, "failed after " + millis + " ms");

        for (int i = 0; i < 20; i++) {
          assertEquals(100L, (long) f.router.read(c -> {
            assertTrue(RouterFixture.onReplica(c));
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM items WHERE owner = 'seed'")) {
              rs.next();
              return rs.getLong(1);
            }
          }));
        }
        f.router.checkNow(); // the lag check cannot reach the primary: the replica stays in rotation
        assertTrue(f.router.stats().replicas().get("replica-1").healthy());
        assertTrue(f.router.read(RouterFixture::onReplica));
      } finally {
        db.server().startPrimary();
      }
      RoutingFaultsIT.awaitPrimaryAvailable(f.router); // the background probe closes the primary's circuit
      long id = f.router.write(c -> RoutingDataSourceIT.insert(c, "up", "again"));
      assertTrue(id > 0, "writes work again once the primary is back");
      db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
    }
  }
}
