package dev.strata.examples.bench;

/**
 * One measured scenario of the harness. Scenarios that compare two approaches run both side by
 * side in the same {@link #run} call, so their ratio is measured under the same conditions.
 */
interface Scenario {

  /** Short name shown in the progress log. */
  String name();

  /** Runs the scenario against one dataset and records its metrics through {@code ctx}. */
  void run(BenchContext ctx) throws Exception;
}
