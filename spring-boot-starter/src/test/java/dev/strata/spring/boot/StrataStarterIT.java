package dev.strata.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cache.CacheStats;
import dev.strata.cache.TieredCache;
import dev.strata.routing.RoutingDataSource;
import dev.strata.routing.RoutingScope;
import dev.strata.spring.boot.cache.StrataCacheAutoConfiguration;
import dev.strata.spring.boot.cache.StrataCacheManager;
import dev.strata.spring.boot.routing.ReadYourWritesFilter;
import dev.strata.spring.boot.routing.RoutingSessionResolver;
import dev.strata.spring.boot.routing.StrataRoutingAutoConfiguration;
import dev.strata.testkit.PostgreSQL;
import dev.strata.testkit.Redis;
import dev.strata.testkit.TestDatabase;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Real application contexts over testkit's PostgreSQL primary + replica and Redis. */
@ExtendWith(OutputCaptureExtension.class)
class StrataStarterIT {

  private static TestDatabase db;

  @BeforeAll
  static void database() throws Exception {
    db = PostgreSQL.shared().newDatabase("starter");
    try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
      st.execute("CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL)");
      st.execute("INSERT INTO item VALUES (1, 'first')");
    }
    db.server().awaitReplicaCatchUp(Duration.ofSeconds(30));
    db.replicaJdbcUrl();
  }

  @AfterAll
  static void resume() {
    if (db.server().isReplayPaused()) {
      db.server().resumeReplay();
    }
  }

  /** A service as a host writes it: Spring's annotations, JdbcTemplate, the auto-configured DataSource. */
  static class ItemService {
    final JdbcTemplate jdbc;
    final AtomicInteger loads = new AtomicInteger();

    ItemService(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    /** Counters are read through methods: the bean is a proxy, whose own fields are unset. */
    public int loads() {
      return loads.get();
    }

    public int otherLoads() {
      return otherLoads.get();
    }

    @Transactional(readOnly = true)
    public boolean readOnlyOnStandby() {
      return jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class);
    }

    @Transactional
    public boolean writeOnStandby() {
      jdbc.update("UPDATE item SET name = name WHERE id = 1");
      return jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class);
    }

    @Transactional(readOnly = true)
    public String nameReadOnly(int id) {
      return jdbc.queryForObject("SELECT name FROM item WHERE id = ?", String.class, id);
    }

    @Transactional
    public void rename(int id, String name) {
      jdbc.update("INSERT INTO item VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name", id, name);
    }

    @Cacheable("items")
    public Item item(int id) {
      loads.incrementAndGet();
      return new Item(id, "item-" + id);
    }

    final AtomicInteger otherLoads = new AtomicInteger();

    @Cacheable("others")
    public Item other(int id) {
      otherLoads.incrementAndGet();
      return new Item(id, "other-" + id);
    }

    @CacheEvict(cacheNames = "items", allEntries = true)
    @Transactional
    public void renameAndEvictAll(int id, String name) {
      rename(id, name);
    }
  }

  /** A cached value: a record of the application's package, so it is trusted. */
  record Item(int id, String name) {}

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class App {
    @Bean
    ItemService itemService(JdbcTemplate jdbc) {
      return new ItemService(jdbc);
    }
  }

  private static ApplicationContextRunner runner(String namespace) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(StrataCacheAutoConfiguration.class, StrataRoutingAutoConfiguration.class,
            DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
            TransactionAutoConfiguration.class))
        .withUserConfiguration(App.class)
        .withPropertyValues(
            "strata.routing.primary.url=" + db.jdbcUrl(),
            "strata.routing.primary.password=" + (db.password() == null ? "" : db.password()),
            "strata.routing.replicas.replica-1.url=" + db.replicaJdbcUrl(),
            "strata.routing.check-interval=100ms",
            "strata.cache.namespace=" + namespace,
            "strata.cache.redis=" + Redis.shared().standalone().uri(),
            "strata.cache.spring.caches.items.ttl=5m",
            "strata.cache.spring.trusted-packages=dev.strata.spring.boot");
  }

  private static String ns() {
    return "starter-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void readOnlyTransactionalMethod_hitsTheReplica_writeTransaction_hitsThePrimary() {
    runner(ns()).run(ctx -> {
      assertInstanceOf(RoutingDataSource.class, ctx.getBean(javax.sql.DataSource.class));
      ItemService s = ctx.getBean(ItemService.class);
      assertTrue(s.readOnlyOnStandby(), "a @Transactional(readOnly = true) method runs on the standby");
      assertFalse(s.writeOnStandby(), "a read-write transaction runs on the primary");
    });
  }

  @Test
  void sessionScope_readOnlyTransactionAfterWrite_seesTheWrite_whileReplayIsPaused() throws Exception {
    runner(ns()).run(ctx -> {
      ItemService s = ctx.getBean(ItemService.class);
      RoutingDataSource router = ctx.getBean(RoutingDataSource.class);
      db.server().pauseReplay();
      try {
        s.rename(7, "before-session");
        assertNull(readOrNull(s, 7), "without a session the replica, paused, misses the write");
        HttpServletRequest request = request("alice");
        AtomicInteger ran = new AtomicInteger();
        FilterChain chain = (req, res) -> {
          s.rename(7, "in-session");
          assertEquals("in-session", s.nameReadOnly(7), "the read-only transaction sees the request's write");
          ran.incrementAndGet();
        };
        new ReadYourWritesFilter(router, RoutingSessionResolver.perUser()).doFilter(request, null, chain);
        assertEquals(1, ran.get());
        try (RoutingScope scope = router.session("user:alice").scope()) {
          assertEquals("in-session", s.nameReadOnly(7), "alice's next request sees her write too (per user)");
        }
      } finally {
        db.server().resumeReplay();
      }
    });
  }

  private static String readOrNull(ItemService s, int id) {
    try {
      return s.nameReadOnly(id);
    } catch (org.springframework.dao.EmptyResultDataAccessException e) {
      return null;
    }
  }

  private static HttpServletRequest request(String user) {
    Principal p = () -> user;
    return (HttpServletRequest) Proxy.newProxyInstance(StrataStarterIT.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> m.getName().equals("getUserPrincipal") ? p : null);
  }

  @Test
  void cacheable_loadsOnce_thenServesFromRedisAndL1_andAnotherContextFromRedis() {
    String ns = ns();
    runner(ns).run(a -> runner(ns).run(b -> {
      ItemService sa = a.getBean(ItemService.class);
      assertInstanceOf(StrataCacheManager.class, a.getBean(org.springframework.cache.CacheManager.class));
      assertEquals(new Item(1, "item-1"), sa.item(1));
      assertEquals(new Item(1, "item-1"), sa.item(1));
      assertEquals(new Item(1, "item-1"), sa.item(1));
      assertEquals(1, sa.loads(), "loaded once");
      CacheStats st = a.getBean(TieredCache.class).stats();
      assertEquals(2, st.l1Hits(), "the put keeps the value in this instance's L1: " + st);
      assertEquals(1, st.l2Misses(), "the first call missed Redis too: " + st);
      ItemService sb = b.getBean(ItemService.class);
      assertEquals(new Item(1, "item-1"), sb.item(1));
      assertEquals(0, sb.loads(), "the other context is served by Redis");
      assertEquals(1, b.getBean(TieredCache.class).stats().l2Hits());
      assertEquals(new Item(1, "item-1"), sb.item(1));
      assertEquals(1, b.getBean(TieredCache.class).stats().l1Hits(), "then from b's own L1");
    }));
  }

  @Test
  void cacheEvictInTransaction_reachesAnotherContextOnlyAfterCommit_andNeverOnRollback() {
    String ns = ns();
    runner(ns).run(a -> runner(ns).run(b -> {
      ItemService sa = a.getBean(ItemService.class);
      ItemService sb = b.getBean(ItemService.class);
      sb.item(2);
      sb.item(2); // b holds item 2 in its L1
      assertEquals(1, sb.loads());
      TransactionTemplate tx = new TransactionTemplate(a.getBean(PlatformTransactionManager.class));

      // rollback: the eviction must never run
      assertThrows(IllegalStateException.class, () -> tx.executeWithoutResult(status -> {
        sa.renameAndEvictAll(2, "rolled-back");
        throw new IllegalStateException("roll back");
      }));
      // barrier: a committed eviction of another cache, published after any message the rollback could have sent
      sb.other(3);
      tx.executeWithoutResult(status -> a.getBean(StrataCacheManager.class).getCache("others").clear());
      awaitOtherEvicted(sb, 3);
      sb.item(2);
      assertEquals(1, sb.loads(), "after the rollback b still serves its cached item");

      // commit: invisible to b until the commit, then b loads again
      tx.executeWithoutResult(status -> {
        sa.renameAndEvictAll(2, "committed");
        onOtherThread(() -> sb.item(2));
        assertEquals(1, sb.loads(), "before the commit b still serves its cached item");
      });
      await(() -> {
        onOtherThread(() -> sb.item(2));
        return sb.loads() == 2;
      }, "b reloads item 2 after the commit");
    }));
  }

  @Test
  void partsAreOff_withoutTheirProperties() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(StrataCacheAutoConfiguration.class, StrataRoutingAutoConfiguration.class))
        .run(ctx -> {
          assertTrue(ctx.getBeansOfType(TieredCache.class).isEmpty());
          assertTrue(ctx.getBeansOfType(RoutingDataSource.class).isEmpty());
        });
  }

  @Test
  void hostBeans_replaceTheStartersOwn() {
    runner(ns()).withBean("myCache", TieredCache.class, () -> TieredCache.builder().namespace("mine").build())
        .run(ctx -> assertEquals(1, ctx.getBeansOfType(TieredCache.class).size()));
  }

  @Test
  void invalidProperty_failsNamingIt_andNeverPrintsThePassword(CapturedOutput output) {
    String secret = "pw-" + UUID.randomUUID();
    runner(ns())
        .withPropertyValues("strata.routing.primary.url=mysql://db:3306/app?password=" + secret,
            "strata.routing.primary.password=" + secret)
        .run(ctx -> {
          assertNotNull(ctx.getStartupFailure());
          Throwable t = ctx.getStartupFailure();
          while (t != null && !(t instanceof StrataPropertyException)) {
            t = t.getCause();
          }
          StrataPropertyException e = assertInstanceOf(StrataPropertyException.class, t);
          assertEquals("strata.routing.primary.url", e.property());
          assertTrue(e.getMessage().contains("jdbc:postgresql:"), e.getMessage());
          assertFalse(e.getMessage().contains(secret), e.getMessage());
          var analysis = new StrataPropertyFailureAnalyzer().analyze(ctx.getStartupFailure());
          assertTrue(analysis.getDescription().contains("strata.routing.primary.url"), analysis.getDescription());
          assertFalse(analysis.getDescription().contains(secret));
        });
    runner(ns()).withPropertyValues("strata.cache.redis=redis://:" + secret + "@127.0.0.1:" + Redis.shared().standalone().port())
        .run(ctx -> {
          assertNotNull(ctx.getBean(TieredCache.class));
          assertTrue(ctx.getBean(dev.strata.spring.boot.cache.StrataCacheProperties.class).toString().contains(":****@"));
        });
    runner(ns()).withPropertyValues("strata.cache.spring.caches.items.ttl=-5s")
        .run(ctx -> {
          StrataPropertyException e = rootProperty(ctx);
          assertEquals("strata.cache.spring.caches.items.ttl", e.property());
        });
    assertFalse(output.getAll().contains(secret), "the password reached the log");
    assertTrue(output.getAll().contains("Strata cache"), "the configuration was logged (masked)");
  }

  private static StrataPropertyException rootProperty(AssertableApplicationContext ctx) {
    Throwable t = ctx.getStartupFailure();
    while (t != null && !(t instanceof StrataPropertyException)) {
      t = t.getCause();
    }
    return assertInstanceOf(StrataPropertyException.class, t);
  }

  private static void onOtherThread(Runnable r) {
    CompletableFuture.runAsync(r).join(); // outside the caller's transaction synchronization
  }

  private static void awaitOtherEvicted(ItemService s, int id) {
    int before = s.otherLoads();
    await(() -> {
      onOtherThread(() -> s.other(id));
      return s.otherLoads() > before;
    }, "the barrier eviction reached the other context");
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(10); // polling a condition with a deadline, not waiting for a race to resolve itself
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
