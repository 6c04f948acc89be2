package org.vps.snapshots.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcPausesTest {
  @TempDir Path folder;

  @Test
  void countsEachKindAndCauseOfPauseAndKeepsTheLongest() {
    GcPauses pauses = new GcPauses();
    pauses.add("[0.007s] Using Serial");
    pauses.add("[1.170s] GC(0) Pause Young (Allocation Failure) 22M->13M(61M) 42.079ms");
    pauses.add("[5.377s] GC(5) Pause Full (CodeCache GC Threshold) 31M->24M(61M) 81.691ms");
    pauses.add("[6.001s] GC(6) Pause Young (Allocation Failure) 30M->18M(61M) 3.5ms");
    pauses.add("[9.120s] GC(9) Pause Young (Normal) (G1 Evacuation Pause) 40M->12M(256M) 4.210ms");

    assertThat(pauses.count("Young")).isEqualTo(3);
    assertThat(pauses.count("Full")).isEqualTo(1);
    assertThat(pauses.longestMs()).isEqualTo(81.691);
    assertThat(pauses.toString())
        .startsWith(
            "1 Full (CodeCache GC Threshold), 2 Young (Allocation Failure), 1 Young (Normal)")
        .endsWith("; 131 ms in all, longest 82 ms (Full (CodeCache GC Threshold))");
  }

  @Test
  void readsOnlyWhatTheLogGainedSinceAPoint() throws Exception {
    Path log = folder.resolve("service.log.gc");
    Files.writeString(
        log, "[1.0s] GC(0) Pause Full (Metadata GC Threshold) 20M->10M(61M) 90.0ms\n");
    long mark = GcPauses.end(log);
    Files.writeString(
        log,
        "[2.0s] GC(1) Pause Young (Allocation Failure) 30M->12M(61M) 5.0ms\n",
        StandardOpenOption.APPEND);

    GcPauses since = GcPauses.in(log, mark);

    assertThat(since.count("Full")).isZero();
    assertThat(since.count("Young")).isEqualTo(1);
    assertThat(since.longestMs()).isEqualTo(5.0);
  }

  @Test
  void aLoadWithoutPausesSaysNone() throws Exception {
    assertThat(GcPauses.in(folder.resolve("absent.gc"), 0).toString()).isEqualTo("none");
  }
}
