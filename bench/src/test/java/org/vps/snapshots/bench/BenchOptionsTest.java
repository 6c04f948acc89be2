package org.vps.snapshots.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsTest {
  @TempDir Path jdk;

  @Test
  void aJdksHomeStandsForItsLauncher() throws Exception {
    Path launcher = launcherIn(jdk);

    assertThat(Bench.javaCommand(jdk.toString())).isEqualTo(launcher.toString());
    assertThat(Bench.javaCommand(launcher.toString())).isEqualTo(launcher.toString());
  }

  @Test
  void aPathWithoutAnExecutableJavaIsRefusedWithWhatWasGiven() throws Exception {
    Path notExecutable = Files.writeString(jdk.resolve("java"), "#!/bin/sh\n");

    assertThatThrownBy(() -> Bench.javaCommand(jdk.resolve("missing").toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(jdk.resolve("missing").toString());
    assertThatThrownBy(() -> Bench.javaCommand(notExecutable.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no executable java at " + notExecutable);
    assertThatThrownBy(() -> Bench.javaCommand(jdk.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(jdk.resolve("bin").resolve("java").toString());
  }

  private static Path launcherIn(Path home) throws Exception {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return java;
  }
}
