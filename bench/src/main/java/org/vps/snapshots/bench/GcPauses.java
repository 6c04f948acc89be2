package org.vps.snapshots.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses a JVM logged with {@code -Xlog:gc} ({@code GC(5) Pause Full (CodeCache
 * GC Threshold) 31M->24M(61M) 81.691ms}) between two points of its log: how many of each kind and
 * cause, and the longest. A load's tail is often one of these.
 */
final class GcPauses {
  private static final Pattern PAUSE =
      Pattern.compile(
          "GC\\(\\d+\\) Pause (Young|Full|Remark|Cleanup)(?: \\(([^)]*)\\))?.* ([0-9.]+)ms$");

  private final Map<String, Integer> counts = new TreeMap<>();
  private double longestMs;
  private String longest = "";
  private double totalMs;

  /** The pauses of the lines of {@code log} from byte {@code from} to its end. */
  static GcPauses in(Path log, long from) throws IOException {
    GcPauses pauses = new GcPauses();
    if (!Files.exists(log)) {
      return pauses;
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      file.seek(Math.min(from, file.length()));
      byte[] rest = new byte[(int) (file.length() - file.getFilePointer())];
      file.readFully(rest);
      new String(rest, StandardCharsets.UTF_8).lines().forEach(pauses::add);
    }
    return pauses;
  }

  /** How long {@code log} is now, where a later {@link #in} starts. */
  static long end(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  void add(String line) {
    Matcher pause = PAUSE.matcher(line);
    if (!pause.find()) {
      return;
    }
    String kind = pause.group(1) + (pause.group(2) == null ? "" : " (" + pause.group(2) + ")");
    double ms = Double.parseDouble(pause.group(3));
    counts.merge(kind, 1, Integer::sum);
    totalMs += ms;
    if (ms > longestMs) {
      longestMs = ms;
      longest = kind;
    }
  }

  void addAll(GcPauses other) {
    other.counts.forEach((kind, n) -> counts.merge(kind, n, Integer::sum));
    totalMs += other.totalMs;
    if (other.longestMs > longestMs) {
      longestMs = other.longestMs;
      longest = other.longest;
    }
  }

  int count(String kindPrefix) {
    return counts.entrySet().stream()
        .filter(entry -> entry.getKey().startsWith(kindPrefix))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  double longestMs() {
    return longestMs;
  }

  @Override
  public String toString() {
    if (counts.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    counts.forEach(
        (kind, n) -> text.append(text.isEmpty() ? "" : ", ").append(n).append(' ').append(kind));
    return text.append(
            String.format(
                Locale.ROOT, "; %.0f ms in all, longest %.0f ms (%s)", totalMs, longestMs, longest))
        .toString();
  }
}
