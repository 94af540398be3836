package dev.strata.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testkit.Eventually;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.ServerProcess;
import dev.strata.testkit.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hard faults under the router, from the testkit's {@link ServerProcess}: kill -9 and SIGSTOP of the
 * shared embedded servers. Every test restarts or thaws what it signalled, in a finally block.
 */
@ExtendWith(PostgresExtension.class)
class RoutingFaultsIT {

  private static final long BOUND_SECONDS = 30;
  private static TestDatabase db;

  @BeforeAll
  static void schema(TestDatabase database) throws SQLException {
    Assumptions.assumeTrue(database.server().supportsFaultInjection(),
        "the testkit's servers are external (environment URLs): they cannot be signalled by tests");
    db = database;
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items (id bigserial PRIMARY KEY, owner text NOT NULL, body text NOT NULL)");
      st.execute("INSERT INTO items (owner, body) SELECT 'seed', 'row ' || g FROM generate_series(1, 100) g");
    }
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(BOUND_SECONDS));
  }

  @Test
  void frozenReplica_readsDoNotHang_andItLeavesRotationUntilThawed() throws Exception {
    ServerProcess replica = db.server().replicaProcess();
    try (RouterFixture f = new RouterFixture(db, b -> b.replicaReadTimeout(Duration.ofMillis(300)).checkTimeout(Duration.ofMillis(200)))) {
      assertTrue(f.router.read(RouterFixture::onReplica), "the replica serves reads before the freeze");
      ExecutorService reader = Executors.newSingleThreadExecutor();
      replica.freeze();
      try {
        Future<Integer> correct = reader.submit(() -> {
          int ok = 0;
          for (int i = 0; i < 20; i++) {
            if (f.router.read(RoutingFaultsIT::seedCount) == 100L) {
              ok++;
            }
          }
          return ok;
        });
        // without a read timeout the first read would wait for the frozen server for ever
        assertEquals(20, correct.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertFalse(f.router.stats().replicas().get("replica-1").healthy(), "the frozen replica left rotation");
        assertTrue(f.router.stats().fallbacks() > 0);
      } finally {
        replica.thaw();
        reader.shutdownNow();
      }
      RoutingDataSourceIT.awaitHealth(f.router, true);
      assertTrue(f.router.read(RouterFixture::onReplica), "the thawed replica serves reads again");
    }
  }

  @Test
  void killedReplica_readsWaitingForItsPool_goElsewhereOnceItIsFoundDown() throws Exception {
    long poolTimeoutMs = 20_000; // the reads below must end long before any of them could have waited this out
    ServerProcess replica = db.server().replicaProcess();
    // no background check during the test: the test runs the one that finds the replica down
    try (RouterFixture f = new RouterFixture(db, poolTimeoutMs, ds -> ds,
        b -> b.checkTimeout(Duration.ofMillis(300)).checkInterval(Duration.ofMinutes(10)))) {
      assertTrue(f.router.read(RouterFixture::onReplica));
      ExecutorService readers = Executors.newFixedThreadPool(4);
      try {
        replica.kill();
        // no idle connection left: every read must ask the pool for a new one, which a dead host never gives
        f.replica.getHikariPoolMXBean().softEvictConnections();
        List<Future<Long>> reads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          reads.add(readers.submit(() -> {
            long t0 = System.nanoTime();
            assertEquals(100L, (long) f.router.read(RoutingFaultsIT::seedCount));
            assertFalse(Thread.currentThread().isInterrupted(), "the router cleared the interrupt it used");
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
          }));
        }
        awaitThreadsWaitingFor(f.replica, 4);
        f.router.checkNow(); // its own wait for the pool ends after checkTimeout: the replica is down
        for (Future<Long> r : reads) {
          long millis = r.get(BOUND_SECONDS, TimeUnit.SECONDS);
          assertTrue(millis < poolTimeoutMs / 2, "a read waited " + millis + " ms for the dead replica's pool");
        }
        assertFalse(f.router.stats().replicas().get("replica-1").healthy());
        assertEquals(4, f.router.stats().fallbacks());
      } finally {
        readers.shutdownNow();
        replica.restart();
      }
      // the check stuck in the pool ends once the pool connects to the restarted replica
      Eventually.within(Duration.ofSeconds(BOUND_SECONDS), () -> "the restarted replica back in rotation: " + f.router.stats(),
          () -> {
            f.router.checkNow();
            return f.router.stats().replicas().get("replica-1").healthy();
          });
      assertTrue(f.router.read(RouterFixture::onReplica));
    }
  }

  private static void awaitThreadsWaitingFor(com.zaxxer.hikari.HikariDataSource pool, int threads) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (pool.getHikariPoolMXBean().getThreadsAwaitingConnection() < threads) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the reads never waited for the replica's pool");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void killedPrimary_writesFailWithoutAskingThePool_andRecoverOnTheirOwn() throws Exception {
    Thread test = Thread.currentThread();
    AtomicInteger borrowsByTheTest = new AtomicInteger();
    List<String> events = new CopyOnWriteArrayList<>();
    RoutingListener listener = new RoutingListener() {
      @Override
      public void onPrimaryAvailability(boolean available, String reason) {
        events.add(available ? "available" : "unavailable");
      }
    };
    ServerProcess primary = db.server().primaryProcess();
    try (RouterFixture f = new RouterFixture(db, RouterFixture.CONNECTION_TIMEOUT_MS,
        ds -> new CountingDataSource(ds, test, borrowsByTheTest), b -> b.listener(listener))) {
      assertTrue(f.router.primaryAvailable());
      try {
        primary.kill();
        PrimaryUnavailableException first = assertThrows(PrimaryUnavailableException.class,
            () -> f.router.write(c -> RoutingDataSourceIT.insert(c, "down", "lost?")));
        assertEquals("08001", first.getSQLState());
        assertFalse(f.router.primaryAvailable(), "the failed write opened the primary's circuit");

        int borrowsBefore = borrowsByTheTest.get();
        for (int i = 0; i < 50; i++) {
          PrimaryUnavailableException e = assertThrows(PrimaryUnavailableException.class,
              () -> f.router.write(c -> RoutingDataSourceIT.insert(c, "down", "lost?")));
          assertTrue(e.getMessage().contains("marked unavailable"), e.getMessage());
        }
        assertEquals(borrowsBefore, borrowsByTheTest.get(), "writes failed at once, without waiting for the pool");
        assertEquals(100L, (long) f.router.read(RoutingFaultsIT::seedCount), "reads go on on the replica");
      } finally {
        primary.restart();
      }
      awaitPrimaryAvailable(f.router); // nobody writes meanwhile: the background probe closes the circuit
      long id = f.router.write(c -> RoutingDataSourceIT.insert(c, "up", "again"));
      assertTrue(id > 0);
      assertEquals(List.of("unavailable", "available"), events);
      db.server().awaitReplicaCatchUp(Duration.ofSeconds(BOUND_SECONDS));
    }
  }

  /**
   * The primary killed while the replica has received but not replayed a session's write (replay
   * paused, standing in for a standby that reconnects to the restarted primary seconds later): the
   * session's read neither fails nor goes stale; it waits for the replica to replay the write.
   */
  @Test
  void killedPrimary_sessionReadTheReplicaCannotServeYet_waitsForItsReplayInsteadOfFailing() throws Exception {
    ServerProcess primary = db.server().primaryProcess();
    ScheduledExecutorService resumer = Executors.newSingleThreadScheduledExecutor();
    try (RouterFixture f = new RouterFixture(db, b -> b.primaryOutageReadWait(Duration.ofSeconds(BOUND_SECONDS)))) {
      RoutingSession session = f.router.session("user:outage");
      db.server().pauseReplay();
      try {
        long id = session.write(c -> RoutingDataSourceIT.insert(c, "outage", "mine"));
        ConsistencyToken token = session.token().orElseThrow();
        try (Connection c = f.replica.getConnection()) {
          Eventually.within(Duration.ofSeconds(BOUND_SECONDS), () -> "the replica received the session's write",
              () -> received(c, token));
        }
        primary.kill();
        Eventually.within(Duration.ofSeconds(BOUND_SECONDS), () -> "the probe opened the primary's circuit",
            () -> !f.router.primaryAvailable());
        AtomicBoolean resumed = new AtomicBoolean();
        resumer.schedule(() -> {
          resumed.set(true);
          db.server().resumeReplay();
        }, 300, TimeUnit.MILLISECONDS);
        assertEquals("mine", session.read(c -> RoutingDataSourceIT.body(c, id)),
            "the read waited for the replica's replay instead of failing with the primary down");
        assertTrue(resumed.get(), "the read was served only after the replay resumed");
        assertFalse(f.router.primaryAvailable(), "the primary was still down: the replica served the read");
      } finally {
        resumer.shutdownNow();
        if (db.server().isReplayPaused()) {
          db.server().resumeReplay();
        }
        primary.restart();
      }
      awaitPrimaryAvailable(f.router);
      db.server().awaitReplicaCatchUp(Duration.ofSeconds(BOUND_SECONDS));
    }
  }

  /** With no outage wait, the same read fails at once with the primary's exception, as before. */
  @Test
  void killedPrimary_sessionReadTheReplicaCannotServe_failsAtOnceWithoutAnOutageWait() throws Exception {
    ServerProcess primary = db.server().primaryProcess();
    try (RouterFixture f = new RouterFixture(db, b -> b.primaryOutageReadWait(Duration.ZERO))) {
      RoutingSession session = f.router.session("user:no-wait");
      db.server().pauseReplay();
      try {
        long id = session.write(c -> RoutingDataSourceIT.insert(c, "no-wait", "mine"));
        primary.kill();
        Eventually.within(Duration.ofSeconds(BOUND_SECONDS), () -> "the probe opened the primary's circuit",
            () -> !f.router.primaryAvailable());
        assertThrows(PrimaryUnavailableException.class, () -> session.read(c -> RoutingDataSourceIT.body(c, id)));
      } finally {
        db.server().resumeReplay();
        primary.restart();
      }
      awaitPrimaryAvailable(f.router);
      db.server().awaitReplicaCatchUp(Duration.ofSeconds(BOUND_SECONDS));
    }
  }

  private static boolean received(Connection replica, ConsistencyToken token) throws SQLException {
    try (Statement st = replica.createStatement();
        var rs = st.executeQuery("SELECT pg_last_wal_receive_lsn() >= '" + token + "'::pg_lsn")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  static void awaitPrimaryAvailable(RoutingDataSource router) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (!router.primaryAvailable()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the primary's circuit did not close within " + BOUND_SECONDS + " s");
      }
      Thread.sleep(20);
    }
  }

  static long seedCount(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM items WHERE owner = 'seed'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The primary pool as the router sees it, counting the borrows made on one thread (the test's, not the probe's). */
  private record CountingDataSource(DataSource delegate, Thread counted, AtomicInteger borrows) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      if (Thread.currentThread() == counted) {
        borrows.incrementAndGet();
      }
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLException("not used");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getLogger("test");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
