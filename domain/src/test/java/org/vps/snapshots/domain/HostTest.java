package org.vps.snapshots.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"kvm-1", "kvm-1.dc1.example.com", "10.0.3.17", "[2001:db8::17]", "HV7", "a"})
  void hostNamesAndAddressesAreHosts(String value) {
    assertThat(new Host(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "kvm-1/system",
        "kvm-1?socket=/tmp/x",
        "root@kvm-1",
        "kvm-1:16509",
        "-kvm",
        "kvm-",
        "kvm..dc1",
        "kvm 1",
        "kvm-1\n",
        "2001:db8::17",
        "[kvm-1]"
      })
  void anythingThatWouldChangeTheConnectionUriIsRefused(String value) {
    assertThatThrownBy(() -> new Host(value))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("host"));
  }

  @Test
  void aHostNameIsAtMost253Characters() {
    String label = "a".repeat(63);
    String longest = String.join(".", label, label, label, "a".repeat(61));
    assertThat(new Host(longest).value()).hasSize(253);
    assertThatThrownBy(() -> new Host(longest + "a")).isInstanceOf(InvalidValueException.class);
  }
}
