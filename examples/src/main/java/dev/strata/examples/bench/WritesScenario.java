package dev.strata.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.cache.TieredCache;
import dev.strata.core.StrataJdbi;
import dev.strata.core.content.ContentWorkflow;
import dev.strata.core.content.NewContent;
import dev.strata.core.outbox.Outbox;
import dev.strata.core.pool.PoolSettings;
import dev.strata.core.pool.StrataPools;
import dev.strata.core.tx.TokenCapture;
import dev.strata.core.tx.Transactor;
import dev.strata.routing.RoutingConfig;
import dev.strata.routing.RoutingDataSource;
import dev.strata.testkit.Redis;
import dev.strata.testkit.TestDatabase;
import dev.strata.venture.VentureCacheBinding;
import dev.strata.venture.VentureContext;
import dev.strata.venture.VentureReads;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes that keep reads honest, on the primary + replica and two cache instances (both with L1) on
 * one Redis. Instance A creates content (core's content workflow through strata-venture's binding:
 * one transaction, then the venture's and its owner's groups invalidated with the commit's WAL position
 * as fence); instance B reads the venture's context through {@link VentureReads}.
 * <ul>
 *   <li>{@code writes.workflow}: the whole call on A, transaction and invalidations included;</li>
 *   <li>{@code writes.invalidation_visible}: from the moment the commit returned on A until B, reading
 *       in a loop, first returns a context holding the new draft: the binding's invalidations, the
 *       message to B, and B's fenced reload (a replica that has replayed the commit, or the primary),
 *       with the router's default {@code readYourWritesWait} (100 ms: the reload polls the replica until
 *       it has replayed the commit);</li>
 *   <li>{@code writes.invalidation_visible_no_wait}: the same with B's reloads through a router with
 *       {@code readYourWritesWait} 0 (a replica not yet at the commit is asked once, then the primary
 *       serves the reload), alternating sample by sample with the default.</li>
 * </ul>
 */
final class WritesScenario implements Scenario {

  @Override
  public String name() {
    return "writes and invalidation";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    TestDatabase db = ctx.database();
    String uri = Redis.shared().standalone().uri();
    String ns = "bench-writes-u" + ctx.users();
    int samples = ctx.quick() ? 200 : 1_000;
    int warmup = ctx.quick() ? 50 : 200;
    try (HikariDataSource primary = pool(db, db.jdbcUrl(), "bench-writes-primary");
        HikariDataSource replica = pool(db, db.replicaJdbcUrl(), "bench-writes-replica");
        RoutingDataSource router = RoutingDataSource.create(RoutingConfig.builder().name("bench-writes")
            .primary(primary).replica("replica-1", replica).build());
        RoutingDataSource noWait = RoutingDataSource.create(RoutingConfig.builder().name("bench-writes-no-wait")
            .primary(primary).replica("replica-1", replica).readYourWritesWait(Duration.ZERO).build());
        TieredCache a = CacheScenario.cache(uri, ns, "bench-writes-a", true);
        TieredCache b = CacheScenario.cache(uri, ns, "bench-writes-b", true)) {
      db.server().awaitReplicaCatchUp(Duration.ofSeconds(60));
      router.checkNow();
      noWait.checkNow();
      AtomicLong committedAt = new AtomicLong();
      // the same composition as VentureWrites, with a first listener that notes when the commit returned
      Transactor tx = Transactor.builder().tokenCapture(TokenCapture.walInsertLsn())
          .onCommitted((changes, token) -> committedAt.set(System.nanoTime()))
          .onCommitted(VentureCacheBinding.of(a)).build();
      ContentWorkflow content = ContentWorkflow.builder(StrataJdbi.create(router), Outbox.builder(router).build())
          .transactor(tx).build();
      VentureReads reads = VentureReads.builder(b, router).build();
      VentureReads readsNoWait = VentureReads.builder(b, noWait).build();
      List<Long> ventures = StrataJdbi.create(db.dataSource()).withHandle(h -> h.createQuery(
          "SELECT id FROM ventures WHERE is_active ORDER BY id LIMIT 200").mapTo(Long.class).list());
      SplittableRandom random = new SplittableRandom(13);
      Latencies workflow = new Latencies(samples);
      Latencies visible = new Latencies(samples);
      Latencies visibleNoWait = new Latencies(samples);
      for (int i = 0; i < warmup + 2 * samples; i++) {
        boolean waits = i % 2 == 0;
        VentureReads on = waits ? reads : readsNoWait;
        long venture = ventures.get(random.nextInt(ventures.size()));
        on.context(venture); // B holds the current context in L1
        long t0 = System.nanoTime();
        long draft = content.create(new NewContent(venture, "bench " + i, "Benchmark post " + i,
            OffsetDateTime.now().plusDays(1 + random.nextInt(30)), List.of())).value().draftId();
        long t1 = System.nanoTime();
        long seenAt = awaitDraft(on, venture, draft);
        if (i >= warmup) {
          if (waits) {
            workflow.add(t1 - t0);
          }
          (waits ? visible : visibleNoWait).add(seenAt - committedAt.get());
        }
      }
      ctx.put("writes.workflow.p50_us", workflow.percentileMicros(50));
      ctx.put("writes.workflow.p99_us", workflow.percentileMicros(99));
      ctx.put("writes.invalidation_visible.p50_us", visible.percentileMicros(50));
      ctx.put("writes.invalidation_visible.p99_us", visible.percentileMicros(99));
      ctx.put("writes.invalidation_visible_no_wait.p50_us", visibleNoWait.percentileMicros(50));
      ctx.put("writes.invalidation_visible_no_wait.p99_us", visibleNoWait.percentileMicros(99));
    }
  }

  /** Reads B until its context holds {@code draft}; returns when it first did. */
  private static long awaitDraft(VentureReads reads, long venture, long draft) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      VentureContext c = reads.context(venture);
      long now = System.nanoTime();
      if (c.recentDrafts().stream().anyMatch(d -> d.id() == draft)) {
        return now;
      }
      if (now > deadline) {
        throw new IllegalStateException("instance B did not show draft " + draft + " within 10 s of its commit");
      }
    }
  }

  private static HikariDataSource pool(TestDatabase db, String url, String name) {
    return StrataPools.create(PoolSettings.builder().jdbcUrl(url).username(db.user()).password(db.password())
        .poolName(name).build());
  }
}
