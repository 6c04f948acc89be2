package org.vps.snapshots.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RandomIdsTest {

  @Test
  void idsAreRandomVersion4UuidsOfTheIetfVariant() {
    for (int i = 0; i < 1_000; i++) {
      UUID id = RandomIds.uuid();

      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }
  }

  @Test
  void idsDoNotRepeat() {
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      seen.add(RandomIds.uuid());
    }

    assertThat(seen).hasSize(100_000);
  }
}
