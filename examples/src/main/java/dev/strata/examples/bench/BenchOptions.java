package dev.strata.examples.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Command-line options of the harness.
 *
 * @param quick       a short run (about 3 minutes on 2 cores): the 1,000-user dataset, fewer iterations
 * @param soakMinutes when positive, a soak of that many minutes after the measured scenarios
 * @param userCounts  dataset sizes to measure; the headline metrics come from {@link #HEADLINE_USERS}
 * @param out         where results.json and results.md are written
 * @param workloadUserCounts dataset sizes the multi-user workload runs on ({@code --quick}: 100 and 1,000)
 * @param sessions    the workload's concurrent virtual users
 * @param writeShare  the workload's share of content-creating pages
 * @param readme      whether to rewrite the workload block of examples/README.md from this run
 * @param rttMs       round trip, in milliseconds, added to every connection to PostgreSQL, Redis and
 *                    Qdrant through testkit's {@code LatencyProxy}; 0 (the default) connects directly
 * @param only        the scenarios to run, by key ({@link BenchMain#SCENARIO_KEYS}); empty: all of them
 * @param soakOnly    run the soak ({@code --soak}) and no scenario
 */
record BenchOptions(boolean quick, int soakMinutes, List<Integer> userCounts, Path out, List<Integer> workloadUserCounts,
    int sessions, double writeShare, boolean readme, double rttMs, List<String> only, boolean soakOnly) {

  /** Dataset size whose figures are reported under the unprefixed metric names. */
  static final int HEADLINE_USERS = 1_000;

  static final Path DEFAULT_OUT = Path.of("examples", "target", "bench");

  static BenchOptions parse(String... args) {
    boolean quick = false;
    int soak = 0;
    List<Integer> users = null;
    Path out = DEFAULT_OUT;
    int sessions = 32;
    double writeShare = 0.10;
    boolean readme = false;
    double rtt = 0;
    boolean soakOnly = false;
    List<String> only = List.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--soak" -> soak = positiveInt("--soak", value(args, ++i, "--soak MINUTES"));
        case "--soak-only" -> soakOnly = true;
        case "--users" -> users = parseUsers(value(args, ++i, "--users N[,N...]"));
        case "--out" -> out = Path.of(value(args, ++i, "--out DIR"));
        case "--sessions" -> sessions = positiveInt("--sessions", value(args, ++i, "--sessions N"));
        case "--write-share" -> writeShare = share(value(args, ++i, "--write-share X"));
        case "--readme" -> readme = true;
        case "--rtt-ms" -> rtt = rttMillis(value(args, ++i, "--rtt-ms MILLISECONDS"));
        case "--only" -> only = scenarioKeys(value(args, ++i, "--only SCENARIO[,SCENARIO...]"));
        case "-h", "--help" -> throw new IllegalArgumentException(usage());
        default -> throw new IllegalArgumentException("unknown argument: " + args[i] + "\n" + usage());
      }
    }
    List<Integer> workload;
    if (users == null) {
      users = quick ? List.of(HEADLINE_USERS) : List.of(100, 1_000, 10_000);
      workload = quick ? List.of(100, HEADLINE_USERS) : users;
    } else {
      workload = users;
    }
    if (soakOnly && soak == 0) {
      throw new IllegalArgumentException("--soak-only needs --soak MINUTES\n" + usage());
    }
    return new BenchOptions(quick, soak, List.copyOf(users), out, List.copyOf(workload), sessions, writeShare, readme, rtt, only,
        soakOnly);
  }

  static String usage() {
    return "usage: examples/bench [--quick] [--soak MINUTES [--soak-only]] [--users N[,N...]] [--rtt-ms MILLISECONDS] [--only SCENARIO[,SCENARIO...]] [--out DIR] [--sessions N] [--write-share X] [--readme]";
  }

  private static String value(String[] args, int i, String form) {
    if (i >= args.length) {
      throw new IllegalArgumentException("missing value: " + form);
    }
    return args[i];
  }

  /** Every dataset size of the run, ascending. */
  List<Integer> allUserCounts() {
    return java.util.stream.Stream.concat(userCounts.stream(), workloadUserCounts.stream()).distinct().sorted().toList();
  }

  /** Whether the scenario of {@code key} runs. */
  boolean runs(String key) {
    return only.isEmpty() || only.contains(key);
  }

  private static List<String> scenarioKeys(String s) {
    List<String> keys = java.util.Arrays.stream(s.split(",")).map(String::trim).toList();
    for (String k : keys) {
      if (!BenchMain.SCENARIO_KEYS.contains(k)) {
        throw new IllegalArgumentException("--only takes scenarios among " + BenchMain.SCENARIO_KEYS + ", was: " + s);
      }
    }
    return keys;
  }

  private static double share(String v) {
    try {
      double x = Double.parseDouble(v);
      if (!(x >= 0 && x < 1)) {
        throw new IllegalArgumentException("--write-share must be in [0, 1), was: " + v);
      }
      return x;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--write-share must be a number in [0, 1), was: " + v, e);
    }
  }

  private static List<Integer> parseUsers(String s) {
    return java.util.Arrays.stream(s.split(",")).map(v -> positiveInt("--users", v.trim())).toList();
  }

  private static double rttMillis(String v) {
    double ms;
    try {
      ms = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--rtt-ms must be a number of milliseconds >= 0 (e.g. 0.5), was: " + v, e);
    }
    // the proxy delays each direction by half the round trip, in whole nanoseconds; 10 s is no network
    if (!(ms >= 0 && ms <= 10_000)) {
      throw new IllegalArgumentException("--rtt-ms must be a number of milliseconds in 0..10000 (e.g. 0.5), was: " + v);
    }
    return ms;
  }

  private static int positiveInt(String arg, String v) {
    try {
      int n = Integer.parseInt(v);
      if (n <= 0) {
        throw new IllegalArgumentException(arg + " must be a positive integer, was: " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(arg + " must be a positive integer, was: " + v, e);
    }
  }
}
