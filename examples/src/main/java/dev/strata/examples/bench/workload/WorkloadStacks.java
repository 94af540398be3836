package dev.strata.examples.bench.workload;

/** The workload's three stacks (and, for tests, a broken one). Each is closed by its caller. */
public final class WorkloadStacks {

  private WorkloadStacks() {}

  /** The seed's "current state": N+1 dashboard, primary only, no cache, a collection per venture, no embedding cache. */
  public static WorkloadStack seedBaseline(ServiceEndpoints ep, WorkloadData data, String ns) {
    return new SeedStack(ep, data, false, true, ns);
  }

  /** The seed's plan as written: its CacheService (Redis, JSON, KEYS invalidation), CTE dashboard, raw-text embedding cache. */
  public static WorkloadStack seedPlan(ServiceEndpoints ep, WorkloadData data, String ns) {
    return new SeedStack(ep, data, true, true, ns);
  }

  /** The seed's plan with its invalidation left out: serves stale pages, so the auditor has something to find. */
  public static WorkloadStack seedPlanWithoutInvalidation(ServiceEndpoints ep, WorkloadData data, String ns) {
    return new SeedStack(ep, data, true, false, ns);
  }

  /** Strata: strata-venture's cached reads (reloads on a replica at least as fresh as the group's fence) and fenced writes, embedding dedup, a shared collection. */
  public static WorkloadStack strata(ServiceEndpoints ep, WorkloadData data, String ns) {
    return new StrataStack(ep, data, ns);
  }
}
