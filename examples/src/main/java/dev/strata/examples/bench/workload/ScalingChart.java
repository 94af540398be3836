package dev.strata.examples.bench.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws the workload's scaling figures with XChart: page p99 and database statements per minute
 * against users, one line per stack, as {@code scaling.png} and {@code scaling.svg}.
 */
public final class ScalingChart {

  private static final Pattern KEY = Pattern.compile("scaling\\.([a-z_]+)\\.users_(\\d+)\\.(.+)");

  private ScalingChart() {}

  /** Writes the charts into {@code dir} from {@code metrics}; returns the files written (none without scaling figures). */
  public static List<Path> write(Map<String, Double> metrics, Path dir) throws IOException {
    Map<String, TreeMap<Integer, Double>> p99 = series(metrics, "pages.p99_us");
    Map<String, TreeMap<Integer, Double>> statements = series(metrics, "db.statements_per_min");
    if (p99.isEmpty()) {
      return List.of();
    }
    Files.createDirectories(dir);
    XYChart left = chart("Page p99 (ms)", p99, 1e-3);
    XYChart right = chart("DB statements per minute", statements, 1);
    List<Path> out = new ArrayList<>();
    BitmapEncoder.saveBitmap(List.of(left, right), 1, 2, dir.resolve("scaling").toString(), BitmapEncoder.BitmapFormat.PNG);
    out.add(dir.resolve("scaling.png"));
    VectorGraphicsEncoder.saveVectorGraphic(left, dir.resolve("scaling-p99").toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    VectorGraphicsEncoder.saveVectorGraphic(right, dir.resolve("scaling-statements").toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    out.add(dir.resolve("scaling-p99.svg"));
    out.add(dir.resolve("scaling-statements.svg"));
    return out;
  }

  private static XYChart chart(String title, Map<String, TreeMap<Integer, Double>> series, double scale) {
    XYChart c = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("users").yAxisTitle(title).build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    series.forEach((stack, points) -> c.addSeries(stack,
        points.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
        points.values().stream().mapToDouble(v -> Math.max(v * scale, 1e-3)).toArray()));
    return c;
  }

  /** stack → users → value of {@code metric}. */
  static Map<String, TreeMap<Integer, Double>> series(Map<String, Double> metrics, String metric) {
    Map<String, TreeMap<Integer, Double>> out = new TreeMap<>();
    metrics.forEach((k, v) -> {
      Matcher m = KEY.matcher(k);
      if (m.matches() && m.group(3).equals(metric)) {
        out.computeIfAbsent(m.group(1), s -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), v);
      }
    });
    return out;
  }

  /** The user counts and stacks present in {@code metrics}. */
  static TreeSet<Integer> sizes(Map<String, Double> metrics) {
    TreeSet<Integer> sizes = new TreeSet<>();
    metrics.keySet().forEach(k -> {
      Matcher m = KEY.matcher(k);
      if (m.matches()) {
        sizes.add(Integer.parseInt(m.group(2)));
      }
    });
    return sizes;
  }
}
