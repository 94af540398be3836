package dev.strata.venture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.strata.cache.TieredCache;
import dev.strata.core.StrataJdbi;
import dev.strata.core.dataset.DatasetGenerator;
import dev.strata.core.schema.StrataSchema;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.testkit.Eventually;
import dev.strata.testkit.PostgresExtension;
import dev.strata.testkit.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A replica connection that dies in the middle of a cached read — found by the faults-under-load
 * test, where reads in flight on a replica killed with SIGKILL failed although the primary was up.
 * Here the replica connection the router hands to the read has had its backend terminated
 * ({@code pg_terminate_backend}), which is what the read meets when the replica dies under it; the
 * router still has the replica in rotation (its monitor has not looked since). The read is answered
 * from the primary, once, and nothing fails.
 */
@ExtendWith(PostgresExtension.class)
class VentureReadsConnectionLossIT {

  private static TestDatabase db;
  private static long venture;

  @BeforeAll
  static void dataset(TestDatabase database) {
    db = database;
    StrataSchema.migrate(db.dataSource());
    DatasetGenerator.builder().seed(3).users(4).build().generate(db.dataSource());
    venture = StrataJdbi.create(db.dataSource()).withHandle(h -> h.createQuery(
        "SELECT v.id FROM ventures v WHERE v.is_active AND EXISTS (SELECT 1 FROM content_drafts d WHERE d.venture_id = v.id) "
            + "ORDER BY v.id LIMIT 1").mapTo(Long.class).one());
  }

  @Test
  void replicaConnectionTerminatedUnderTheRead_readIsAnsweredFromThePrimary() throws Exception {
    HikariDataSource primary = pool(db.jdbcUrl(), "primary");
    HikariDataSource replica = pool(db.replicaJdbcUrl(), "replica");
    Terminating dying = new Terminating(replica);
    RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder().name("reads-loss").primary(primary)
        .replica("replica-1", dying).checkInterval(Duration.ofHours(1)).build());
    TieredCache cache = TieredCache.builder().name("reads-loss").build();   // L1 only: the first read is a miss
    try {
      router.checkNow();
      assertTrue(router.stats().replicas().get("replica-1").healthy(), "the replica is in rotation");
      VentureReads reads = VentureReads.builder(cache, router).build();
      long primaryReadsBefore = router.stats().primaryReads();
      dying.terminateNext.set(true);
      VentureContext c = reads.context(venture);
      assertEquals(1, dying.terminated.get(), "the read met a replica connection whose server had gone");
      assertEquals(venture, c.ventureId());
      assertTrue(!c.recentDrafts().isEmpty(), "the drafts were read (from the primary)");
      assertTrue(router.stats().primaryReads() > primaryReadsBefore || router.stats().writes() > 0,
          "the retry went to the primary: " + router.stats());
    } finally {
      cache.close();
      router.close();
      replica.close();
      primary.close();
    }
  }

  @Test
  void primaryConnectionTerminatedTwice_readIsAnsweredOnTheThirdAttempt() throws Exception {
    HikariDataSource primary = pool(db.jdbcUrl(), "primary2");
    HikariDataSource replica = pool(db.replicaJdbcUrl(), "replica2");
    Terminating dying = new Terminating(primary);
    // readYourWritesWait 0: a read whose fence the replica has not replayed goes to the primary at once
    RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder().name("reads-loss-2").primary(dying)
        .replica("replica-1", replica).checkInterval(Duration.ofHours(1)).readYourWritesWait(Duration.ZERO).build());
    TieredCache cache = TieredCache.builder().name("reads-loss-2").build();
    try {
      router.checkNow();
      VentureReads reads = VentureReads.builder(cache, router).build();
      // a fence far beyond anything the replica has replayed: the load must read the primary
      cache.invalidateGroup(VentureKeys.ventureGroup(venture), Long.MAX_VALUE >>> 1);
      dying.terminateNext.set(true);
      dying.terminateAlso.set(true);
      VentureContext c = reads.context(venture);
      assertEquals(2, dying.terminated.get(), "the first read and its retry met primary connections whose server had gone");
      assertTrue(!c.recentDrafts().isEmpty(), "the third attempt read the drafts");
    } finally {
      cache.close();
      router.close();
      replica.close();
      primary.close();
    }
  }

  private static HikariDataSource pool(String url, String name) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setUsername(db.user());
    c.setPassword(db.password());
    c.setPoolName("reads-loss-" + name);
    c.setMaximumPoolSize(4);
    c.setConnectionTimeout(5_000);
    return new HikariDataSource(c);
  }

  /**
   * Hands out pooled connections; when asked, the next one the test's own thread borrows only after its
   * backend was terminated. The router's monitor borrows from the same pool for its checks on its own
   * thread (a first scheduled check can still be running after {@code checkNow()} on a loaded machine);
   * those are never terminated, so the termination always lands on the read under test.
   */
  private static final class Terminating implements DataSource {
    final AtomicBoolean terminateNext = new AtomicBoolean();
    /** After {@link #terminateNext}, the one after it too. */
    final AtomicBoolean terminateAlso = new AtomicBoolean();
    final AtomicInteger terminated = new AtomicInteger();
    private final HikariDataSource pool;
    /** A connection to the same server, from which the backend is terminated. */
    private final DataSource server;
    /** The test's thread, the one whose borrows are terminated. */
    private final Thread reader = Thread.currentThread();

    Terminating(HikariDataSource pool) {
      this.pool = pool;
      this.server = pool.getJdbcUrl().equals(db.jdbcUrl()) ? db.dataSource() : db.replicaDataSource();
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection c = pool.getConnection();
      if (Thread.currentThread() != reader) {
        return c;
      }
      boolean terminate = terminateNext.compareAndSet(true, false);
      if (!terminate && terminated.get() > 0 && terminateAlso.compareAndSet(true, false)) {
        terminate = true;
      }
      if (terminate) {
        int pid;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
          rs.next();
          pid = rs.getInt(1);
        }
        try (Connection other = server.getConnection(); Statement st = other.createStatement()) {
          st.execute("SELECT pg_terminate_backend(" + pid + ")");
          Eventually.within(Duration.ofSeconds(10), "backend " + pid + " gone", () -> {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
              rs.next();
              return rs.getInt(1) == 0;
            }
          });
        }
        terminated.incrementAndGet();
      }
      return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return pool.isWrapperFor(iface);
    }
  }
}
