package dev.strata.examples.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The metrics of one harness run: a flat, ordered map from dotted metric name to number, written as
 * {@code results.json} and {@code results.md} (see the harness rules in docs/design.md).
 */
final class Results {

  /** Dotted, lower-case segments; the unit (or "ratio"/"count") is the last segment. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)+");

  private final Map<String, Double> metrics = new LinkedHashMap<>();
  private final Map<String, String> notes = new LinkedHashMap<>();

  /** Records a metric; names must be dotted lower-case with the unit last, e.g. {@code dashboard.naive.p50_us}. */
  void put(String name, double value) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("metric name must be dotted lower-case with the unit last, was: " + name);
    }
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("metric " + name + " must be finite, was: " + value);
    }
    metrics.put(name, value);
  }

  /** Attaches a human note (not part of results.json) shown under the Markdown table. */
  void note(String key, String text) {
    notes.put(key, text);
  }

  Map<String, String> notes() {
    return Map.copyOf(notes);
  }

  Map<String, Double> metrics() {
    return Map.copyOf(metrics);
  }

  double get(String name) {
    Double v = metrics.get(name);
    if (v == null) {
      throw new IllegalStateException("metric not recorded yet: " + name);
    }
    return v;
  }

  String toJson() {
    StringBuilder sb = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      sb.append("  \"").append(e.getKey()).append("\": ").append(format(e.getValue()));
      sb.append(++i < metrics.size() ? ",\n" : "\n");
    }
    return sb.append("}\n").toString();
  }

  String toMarkdown() {
    StringBuilder sb = new StringBuilder("| metric | value |\n|---|---:|\n");
    metrics.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(format(v)).append(" |\n"));
    if (!notes.isEmpty()) {
      sb.append('\n');
      notes.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
    }
    return sb.toString();
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.json"), toJson(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("results.md"), toMarkdown(), StandardCharsets.UTF_8);
  }

  private static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
