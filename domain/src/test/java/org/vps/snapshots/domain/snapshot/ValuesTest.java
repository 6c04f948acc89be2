package org.vps.snapshots.domain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

class ValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "before-update-snapshot", "weekly_2025-01-08", "ABC123"})
  void snapshotNamesAreLettersDigitsHyphensAndUnderscores(String name) {
    assertThat(new SnapshotName(name).value()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "dot.ted", "slash/", "ümlaut", "semi;colon"})
  void otherSnapshotNamesAreRefusedAgainstTheNameField(String name) {
    assertThatThrownBy(() -> new SnapshotName(name))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("name"));
  }

  @Test
  void aSnapshotNameHasAtMost64Characters() {
    assertThat(new SnapshotName("a".repeat(64)).value()).hasSize(64);
    assertThatThrownBy(() -> new SnapshotName("a".repeat(65)))
        .hasMessageContaining("no more than 64");
  }

  @Test
  void aDescriptionIsEmptyWhenAbsentAndAtMost500Characters() {
    assertThat(new Description(null).value()).isEmpty();
    assertThat(new Description("d".repeat(500)).value()).hasSize(500);
    assertThatThrownBy(() -> new Description("d".repeat(501)))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("description"));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void idsArePositive(long id) {
    assertThatThrownBy(() -> new ServerId(id)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> new SnapshotId(id)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> new AccountId(id)).isInstanceOf(InvalidValueException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Running", "run ning", "9lives"})
  void serverStatusesAreLowerCaseWords(String status) {
    assertThatThrownBy(() -> new ServerStatus(status)).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void onlyRunningAndStoppedArePowerStates() {
    assertThat(ServerStatus.RUNNING.isPowerState()).isTrue();
    assertThat(ServerStatus.STOPPED.isPowerState()).isTrue();
    assertThat(ServerStatus.RESTORING.isPowerState()).isFalse();
    assertThat(new ServerStatus("provisioning").isPowerState()).isFalse();
  }

  @Test
  void aQuotaAllowsAtLeastOneSnapshot() {
    assertThat(SnapshotQuota.DEFAULT.limit()).isEqualTo(5);
    assertThatThrownBy(() -> new SnapshotQuota(0)).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void statusCodesAreTheDocumentedOnes() {
    assertThat(SnapshotStatus.fromCode("in_progress")).contains(SnapshotStatus.IN_PROGRESS);
    assertThat(SnapshotStatus.fromCode("completed")).contains(SnapshotStatus.COMPLETED);
    assertThat(SnapshotStatus.fromCode("failed")).contains(SnapshotStatus.FAILED);
    assertThat(SnapshotStatus.fromCode("COMPLETED")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "bell\u0007", "del\u007f", "\u0085next"})
  void controlCharactersAreRefusedInTexts(String text) {
    assertThatThrownBy(() -> new Description(text))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("description"));
    assertThatThrownBy(() -> new ServerName(text))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("name"));
  }

  @Test
  void aDescriptionMayHoldLineBreaksAndTabsButAServerNameMayNot() {
    assertThat(new Description("line one\nline two\r\n\tindented").value()).contains("\t");
    assertThatThrownBy(() -> new ServerName("web\n01")).isInstanceOf(InvalidValueException.class);
  }
}
