package dev.strata.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessTest {

  @Test
  void results_rejectNamesWithoutDottedUnit() {
    Results r = new Results();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.put("Dashboard P50", 1));
    assertTrue(e.getMessage().contains("dotted lower-case"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> r.put("a.b_us", Double.NaN));
  }

  @Test
  void results_writeFlatJsonAndTable_inInsertionOrder() {
    Results r = new Results();
    r.put("dashboard.naive.p50_us", 812.5);
    r.put("dashboard.naive.statements_per_load", 7);
    assertEquals("{\n  \"dashboard.naive.p50_us\": 812.5,\n  \"dashboard.naive.statements_per_load\": 7\n}\n", r.toJson());
    assertTrue(r.toMarkdown().contains("| dashboard.naive.p50_us | 812.5 |"), r.toMarkdown());
  }

  @Test
  void latencies_nearestRankPercentiles_inMicros() {
    Latencies l = new Latencies(4);
    for (int i = 1; i <= 100; i++) {
      l.add(i * 1_000L);
    }
    assertEquals(50.0, l.percentileMicros(50));
    assertEquals(99.0, l.percentileMicros(99));
    assertEquals(100.0, l.percentileMicros(100));
  }

  @Test
  void options_quickUsesHeadlineSize_fullUsesScalingTable() {
    assertEquals(List.of(1_000), BenchOptions.parse("--quick").userCounts());
    assertEquals(List.of(100, 1_000, 10_000), BenchOptions.parse().userCounts());
    assertEquals(3, BenchOptions.parse("--soak", "3").soakMinutes());
    assertTrue(BenchOptions.parse("--soak", "2", "--soak-only").soakOnly());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--soak-only"));
    assertTrue(e.getMessage().contains("--soak-only needs --soak MINUTES"), e.getMessage());
  }

  @Test
  void options_onlyNamesScenarios_byTheirKeys() {
    assertEquals(List.of(), BenchOptions.parse("--quick").only());
    assertTrue(BenchOptions.parse().runs("cache"));
    BenchOptions only = BenchOptions.parse("--only", "workload");
    assertTrue(only.runs("workload"));
    assertEquals(false, only.runs("dashboard"));
    assertEquals(List.of("workload", "router"), BenchOptions.parse("--only", "workload, router").only());
    assertEquals(BenchMain.SCENARIO_KEYS, List.copyOf(BenchMain.scenarios().keySet()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--only", "workloads"));
    assertTrue(e.getMessage().contains("--only") && e.getMessage().contains("workloads"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--only"));
  }

  @Test
  void options_workloadRunsOn100And1000InQuick_andOnEverySizeInFull() {
    BenchOptions quick = BenchOptions.parse("--quick");
    assertEquals(List.of(100, 1_000), quick.workloadUserCounts());
    assertEquals(List.of(100, 1_000), quick.allUserCounts());
    assertEquals(List.of(100, 1_000, 10_000), BenchOptions.parse().workloadUserCounts());
    assertEquals(32, quick.sessions());
    assertEquals(0.10, quick.writeShare());
    BenchOptions custom = BenchOptions.parse("--sessions", "64", "--write-share", "0.2", "--readme");
    assertEquals(64, custom.sessions());
    assertEquals(0.2, custom.writeShare());
    assertEquals(true, custom.readme());
  }

  @Test
  void options_badWorkloadValues_nameTheArgumentAndRule() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--write-share", "1.5"));
    assertEquals("--write-share must be in [0, 1), was: 1.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--sessions", "0"));
    assertEquals("--sessions must be a positive integer, was: 0", e.getMessage());
  }

  @Test
  void options_badValues_nameTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--soak", "x"));
    assertEquals("--soak must be a positive integer, was: x", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--nope"));
  }

  @Test
  void options_rttMs_isMillisecondsAndDefaultsToDirect() {
    assertEquals(0.0, BenchOptions.parse("--quick").rttMs());
    assertEquals(0.5, BenchOptions.parse("--quick", "--rtt-ms", "0.5").rttMs());
    assertEquals(2.0, BenchOptions.parse("--rtt-ms", "2").rttMs());
  }

  @Test
  void options_badRttMs_namesTheArgumentRuleAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--rtt-ms", "fast"));
    assertEquals("--rtt-ms must be a number of milliseconds >= 0 (e.g. 0.5), was: fast", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--rtt-ms", "-0.5"));
    assertEquals("--rtt-ms must be a number of milliseconds in 0..10000 (e.g. 0.5), was: -0.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--rtt-ms", "NaN"));
    assertEquals("--rtt-ms must be a number of milliseconds in 0..10000 (e.g. 0.5), was: NaN", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--rtt-ms"));
    assertEquals("missing value: --rtt-ms MILLISECONDS", e.getMessage());
  }

  @Test
  void network_badRtt_isRejectedBeforeAnyProxyStarts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BenchNetwork(-1));
    assertEquals("rttMs must be a finite number of milliseconds >= 0, was: -1.0", e.getMessage());
  }
}
