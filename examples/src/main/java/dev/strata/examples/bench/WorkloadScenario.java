package dev.strata.examples.bench;

import dev.strata.examples.bench.workload.ServerCounters;
import dev.strata.examples.bench.workload.ServiceEndpoints;
import dev.strata.examples.bench.workload.Workload;
import dev.strata.examples.bench.workload.WorkloadData;
import dev.strata.examples.bench.workload.WorkloadStack;
import dev.strata.examples.bench.workload.WorkloadStacks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multi-user workload ({@link Workload}) over the three stacks, one after the other on the same
 * database and servers, each in a fresh Redis namespace and fresh Qdrant collections (the seeds' are
 * named per phase; Strata's shared collection is dropped after each phase); figures are recorded
 * as {@code scaling.<stack>.users_<N>.<metric>} for every dataset size the workload runs on.
 */
final class WorkloadScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(WorkloadScenario.class);

  @Override
  public String name() {
    return "workload: three stacks under concurrent users";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    ServiceEndpoints ep = ctx.endpoints();
    ctx.database().server().awaitReplicaCatchUp(Duration.ofSeconds(120));
    WorkloadData data = WorkloadData.load(ctx.dataSource(), ctx.baseTime());
    Workload.Config config = ctx.workloadConfig();
    String ns = "wl_u" + ctx.users();
    List<Map.Entry<String, Function<String, WorkloadStack>>> stacks = List.of(
        Map.entry("seed_baseline", n -> WorkloadStacks.seedBaseline(ep, data, n)),
        Map.entry("seed_plan", n -> WorkloadStacks.seedPlan(ep, data, n)),
        Map.entry("strata", n -> WorkloadStacks.strata(ep, data, n)));
    try (ServerCounters server = new ServerCounters(ep)) {
      for (Map.Entry<String, Function<String, WorkloadStack>> e : stacks) {
        log.info("workload: {} on {} users, {} sessions", e.getKey(), ctx.users(), config.sessions());
        Workload.Phase phase;
        try (WorkloadStack stack = e.getValue().apply(ns + "_" + e.getKey())) {
          phase = Workload.phase(stack, data, config, server);
          stack.cleanUp();
        }
        log.info("workload: {} on {} users: warm-up {} s in {} windows, then {} pages measured, hit ratio {}", e.getKey(),
            ctx.users(), phase.metrics().get("warmup.s"), phase.metrics().get("warmup.windows.count"),
            phase.metrics().get("pages.count"), phase.metrics().get("cache.hit_ratio"));
        String prefix = "scaling." + e.getKey() + ".users_" + ctx.users() + ".";
        phase.metrics().forEach((k, v) -> {
          if (!Double.isNaN(v)) {
            ctx.putRaw(prefix + k, v);
          }
        });
        ctx.note(prefix + "redis.slowest_command", phase.slowestCommand());
      }
    }
  }
}
