package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The storage tool takes the cluster id as a command-line argument: an id beginning with '-' read
 * as an option made one embedded broker start in 64 fail.
 */
class EmbeddedKafkaClusterIdTest {
  @Test
  void clusterIdsAreNeverReadAsAnOption() {
    Set<String> ids = new HashSet<>();
    IntStream.range(0, 20_000).forEach(i -> ids.add(EmbeddedKafkaServer.clusterId()));

    assertThat(ids).hasSize(20_000).noneMatch(id -> id.startsWith("-"));
    assertThat(ids).allMatch(id -> id.length() == 22);
  }
}
