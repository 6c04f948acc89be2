package org.vps.snapshots.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "env",
        "a",
        "tier.web_1-x",
        "example.com/env",
        "k8s.io/x",
        "A9",
        "a23456789a123456789b123456789c123456789d123456789e123456789f12"
      })
  void keysInKubernetesSyntaxAreTaken(String key) {
    assertThat(new Labels(Map.of(key, "v")).get(key)).contains("v");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-env", "env-", "env=", "a b", "/env", "Example.com/env", "a/b/c", "ünï", "é"})
  void otherKeysAreRefusedNamingTheField(String key) {
    assertThatThrownBy(() -> new Labels(Map.of(key, "v")))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("labels"))
        .hasMessageContaining("Label key");
  }

  @Test
  void aNameOrValueOfMoreThan63CharactersIsRefused() {
    assertThatThrownBy(() -> new Labels(Map.of("a".repeat(64), "v")))
        .hasMessageContaining("1 to 63 characters");
    assertThatThrownBy(() -> new Labels(Map.of("env", "v".repeat(64))))
        .hasMessageContaining("Label value of 'env'");
    assertThat(new Labels(Map.of("env", "")).get("env")).contains("");
  }

  @Test
  void atMostTwentyLabels() {
    Map<String, String> twenty = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      twenty.put("k" + i, "v");
    }
    assertThat(new Labels(twenty).values()).hasSize(20);
    twenty.put("k20", "v");
    assertThatThrownBy(() -> new Labels(twenty)).hasMessageContaining("no more than 20 labels");
  }

  @Test
  void labelsAreKeptInKeyOrderAndCannotBeChanged() {
    Labels labels = new Labels(Map.of("b", "2", "a", "1"));
    assertThat(labels.values().keySet()).containsExactly("a", "b");
    assertThatThrownBy(() -> labels.values().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aSelectorReadsEveryForm() {
    LabelSelector selector =
        LabelSelector.parse(" env=prod, tier!=db ,example.com/x==1,backup,!tmp");
    assertThat(selector.requirements())
        .containsExactly(
            new LabelSelector.Requirement("env", LabelSelector.Operator.EQUALS, "prod"),
            new LabelSelector.Requirement("tier", LabelSelector.Operator.NOT_EQUALS, "db"),
            new LabelSelector.Requirement("example.com/x", LabelSelector.Operator.EQUALS, "1"),
            new LabelSelector.Requirement("backup", LabelSelector.Operator.EXISTS, null),
            new LabelSelector.Requirement("tmp", LabelSelector.Operator.NOT_EXISTS, null));
  }

  @Test
  void aSelectorMatchesAsKubernetesDoes() {
    Labels prodWeb = new Labels(Map.of("env", "prod", "tier", "web"));
    Labels prodDb = new Labels(Map.of("env", "prod", "tier", "db"));
    Labels bare = Labels.NONE;

    LabelSelector selector = LabelSelector.parse("env=prod,tier!=db");
    assertThat(selector.matches(prodWeb)).isTrue();
    assertThat(selector.matches(prodDb)).isFalse();
    assertThat(selector.matches(bare)).isFalse();
    // An inequality also holds where the key is missing.
    assertThat(LabelSelector.parse("tier!=db").matches(bare)).isTrue();
    assertThat(LabelSelector.parse("tier").matches(prodDb)).isTrue();
    assertThat(LabelSelector.parse("!tier").matches(prodDb)).isFalse();
    assertThat(LabelSelector.parse("!tier").matches(bare)).isTrue();
    assertThat(LabelSelector.parse("env=").matches(new Labels(Map.of("env", "")))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "env=prod,", ",env", "env=a=b", "=prod", "!=prod", "bad key", "a/b/c"})
  void aMalformedSelectorIsRefusedNamingTheParameter(String text) {
    assertThatThrownBy(() -> LabelSelector.parse(text))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("label_selector"));
  }

  @Test
  void aSelectorHasAtMostTwentyRequirements() {
    String many = String.join(",", Collections.nCopies(21, "env"));
    assertThatThrownBy(() -> LabelSelector.parse(many))
        .hasMessageContaining("no more than 20 requirements");
  }
}
