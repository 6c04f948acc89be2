package org.vps.snapshots.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The figures of one benchmark run: a Markdown table, the raw figures as JSON, and a chart. */
final class Report {
  /**
   * One workload measured several times, through the service and, where it has one, its baseline.
   */
  record Row(String name, List<Load.Run> service, List<Load.Run> baseline, String target) {}

  private final List<Row> rows = new ArrayList<>();
  private final Map<String, String> facts = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
  }

  void fact(String name, String value) {
    facts.put(name, value);
  }

  void note(String text) {
    notes.add(text);
  }

  static Histogram merged(List<Load.Run> runs) {
    Histogram all = new Histogram(3_600_000_000L, 3);
    runs.forEach(run -> all.add(run.latencyMicros()));
    return all;
  }

  static String spread(List<Double> values, String format) {
    double min = values.stream().mapToDouble(d -> d).min().orElse(0);
    double max = values.stream().mapToDouble(d -> d).max().orElse(0);
    double mean = values.stream().mapToDouble(d -> d).average().orElse(0);
    return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")", mean, min, max);
  }

  static double meanThroughput(List<Load.Run> runs) {
    return runs.stream().mapToDouble(Load.Run::throughput).average().orElse(0);
  }

  static String ms(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(
        "| workload | service req/s (min–max) | p50 ms | p99 ms (min–max) | p99.9 ms | errors | plain JDBC req/s | JDBC p99 ms | service / JDBC | target |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      Histogram service = merged(row.service());
      md.append("| ")
          .append(row.name())
          .append(" | ")
          .append(spread(row.service().stream().map(Load.Run::throughput).toList(), "%.0f"))
          .append(" | ")
          .append(ms(service.getValueAtPercentile(50) / 1000.0))
          .append(" | ")
          .append(spread(row.service().stream().map(r -> r.percentileMs(99)).toList(), "%.2f"))
          .append(" | ")
          .append(ms(service.getValueAtPercentile(99.9) / 1000.0))
          .append(" | ")
          .append(row.service().stream().mapToLong(Load.Run::errors).sum());
      if (row.baseline().isEmpty()) {
        md.append(" | – | – | – ");
      } else {
        Histogram baseline = merged(row.baseline());
        md.append(" | ")
            .append(spread(row.baseline().stream().map(Load.Run::throughput).toList(), "%.0f"))
            .append(" | ")
            .append(ms(baseline.getValueAtPercentile(99) / 1000.0))
            .append(" | ")
            .append(
                String.format(
                    Locale.ROOT,
                    "%.0f%%",
                    100 * meanThroughput(row.service()) / meanThroughput(row.baseline())));
      }
      md.append(" | ").append(row.target()).append(" |\n");
    }
    md.append('\n');
    facts.forEach(
        (name, value) -> md.append("- ").append(name).append(": ").append(value).append('\n'));
    notes.forEach(note -> md.append("- ").append(note).append('\n'));
    return md.toString();
  }

  String json() {
    StringBuilder json = new StringBuilder("{\n  \"facts\": {");
    List<String> entries = new ArrayList<>();
    facts.forEach((k, v) -> entries.add("\n    \"" + k + "\": \"" + v.replace("\"", "'") + "\""));
    json.append(String.join(",", entries)).append("\n  },\n  \"workloads\": [");
    List<String> workloads = new ArrayList<>();
    for (Row row : rows) {
      workloads.add(
          "\n    {\"name\": \""
              + row.name()
              + "\", \"target\": \""
              + row.target()
              + "\", \"service\": "
              + runs(row.service())
              + ", \"baseline\": "
              + runs(row.baseline())
              + "}");
    }
    return json.append(String.join(",", workloads)).append("\n  ]\n}\n").toString();
  }

  private static String runs(List<Load.Run> runs) {
    List<String> each = new ArrayList<>();
    for (Load.Run run : runs) {
      each.add(
          String.format(
              Locale.ROOT,
              "{\"requests\": %d, \"errors\": %d, \"seconds\": %.1f, \"throughput\": %.1f, \"p50_ms\": %.3f,"
                  + " \"p90_ms\": %.3f, \"p99_ms\": %.3f, \"p99_9_ms\": %.3f, \"max_ms\": %.3f}",
              run.requests(),
              run.errors(),
              run.seconds(),
              run.throughput(),
              run.percentileMs(50),
              run.percentileMs(90),
              run.percentileMs(99),
              run.percentileMs(99.9),
              run.latencyMicros().getMaxValue() / 1000.0));
    }
    return "[" + String.join(", ", each) + "]";
  }

  /** Latency percentiles of every workload, service beside baseline, on a log scale. */
  String svg() {
    int width = 900;
    int rowHeight = 46;
    int left = 300;
    int height = 60 + rows.size() * rowHeight;
    double maxMs = 1;
    for (Row row : rows) {
      maxMs = Math.max(maxMs, merged(row.service()).getValueAtPercentile(99.9) / 1000.0);
    }
    double logMax = Math.log10(maxMs * 2);
    double logMin = Math.log10(0.1);
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
        .append(
            "<text x=\"10\" y=\"20\" font-size=\"14\">Latency percentiles (ms, log scale): p50, p99, p99.9; grey = plain JDBC p99</text>\n");
    String[] colours = {"#4c78a8", "#f58518", "#e45756"};
    double[] percentiles = {50, 99, 99.9};
    int y = 40;
    for (Row row : rows) {
      svg.append("<text x=\"10\" y=\"")
          .append(y + 22)
          .append("\">")
          .append(row.name())
          .append("</text>\n");
      Histogram service = merged(row.service());
      for (int i = 0; i < percentiles.length; i++) {
        double value = Math.max(0.1, service.getValueAtPercentile(percentiles[i]) / 1000.0);
        double w = (Math.log10(value) - logMin) / (logMax - logMin) * (width - left - 80);
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%.2f</text>\n",
                left,
                y + 4 + i * 11,
                Math.max(1, w),
                colours[i],
                left + Math.max(1, w) + 4,
                y + 13 + i * 11,
                value));
      }
      if (!row.baseline().isEmpty()) {
        double value = Math.max(0.1, merged(row.baseline()).getValueAtPercentile(99) / 1000.0);
        double x = left + (Math.log10(value) - logMin) / (logMax - logMin) * (width - left - 80);
        svg.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"grey\" stroke-width=\"3\"/>\n",
                x,
                x,
                y + 2,
                y + 38));
      }
      y += rowHeight;
    }
    return svg.append("</svg>\n").toString();
  }

  void write(Path directory) throws Exception {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("latest.md"), markdown());
    Files.writeString(directory.resolve("latest.json"), json());
    Files.writeString(directory.resolve("latency.svg"), svg());
  }
}
