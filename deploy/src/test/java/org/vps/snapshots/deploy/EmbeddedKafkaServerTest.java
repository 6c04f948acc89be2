package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaServerTest {
  /**
   * The storage tool takes the cluster id as a command-line argument: an id beginning with '-' read
   * as an option made one embedded broker start in 64 fail.
   */
  @Test
  void clusterIdsAreNeverReadAsAnOption() {
    Set<String> ids = new HashSet<>();
    IntStream.range(0, 20_000).forEach(i -> ids.add(EmbeddedKafkaServer.clusterId()));

    assertThat(ids).hasSize(20_000).noneMatch(id -> id.startsWith("-"));
    assertThat(ids).allMatch(id -> id.length() == 22);
  }

  /**
   * Dev mode's continuous testing loads classes without a code location: the broker's jars are then
   * looked for from the working directory (this module's), not given up on.
   */
  @Test
  void theBrokersJarsAreFoundWithoutACodeLocation() {
    Path libs = EmbeddedKafkaServer.findLibs(null);

    assertThat(libs).isDirectory().endsWith(Path.of("embedded-kafka", "target", "lib"));
    assertThat(libs.toAbsolutePath().normalize())
        .isEqualTo(Path.of("embedded-kafka/target/lib").toAbsolutePath().normalize());
  }
}
