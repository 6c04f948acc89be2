package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProductionSettingsTest {
  static final Map<String, String> COMPLETE =
      Map.of(
          "SNAPSHOTS_PRODUCTION", "true",
          "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://db:5432/snapshots",
          "QUARKUS_DATASOURCE_PASSWORD", "secret",
          "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
          "SNAPSHOTS_ADMIN_TOKEN", "a-long-random-secret-of-40-characters-xx");

  @Test
  void aCompleteProductionSetupMayStart() {
    ProductionSettings settings = new ProductionSettings(COMPLETE, new Properties());

    assertThat(settings.production()).isTrue();
    assertThat(settings.problems()).isEmpty();
  }

  @Test
  void everyMissingSettingIsNamedAtOnce() {
    ProductionSettings settings =
        new ProductionSettings(Map.of("SNAPSHOTS_PRODUCTION", "true"), new Properties());

    assertThat(settings.problems())
        .hasSize(4)
        .anyMatch(p -> p.startsWith("QUARKUS_DATASOURCE_JDBC_URL"))
        .anyMatch(p -> p.startsWith("QUARKUS_DATASOURCE_PASSWORD"))
        .anyMatch(p -> p.startsWith("KAFKA_BOOTSTRAP_SERVERS"))
        .anyMatch(p -> p.startsWith("SNAPSHOTS_ADMIN_TOKEN"));
  }

  @Test
  void demoTokensShortTokensAndDemoDataAreUnsafe() {
    for (String token : new String[] {"dev-admin-token", "short"}) {
      var env = new HashMap<>(COMPLETE);
      env.put("SNAPSHOTS_ADMIN_TOKEN", token);
      env.put("SNAPSHOTS_DEMO_DATA", "true");

      assertThat(new ProductionSettings(env, new Properties()).problems())
          .hasSize(2)
          .anyMatch(p -> p.startsWith("SNAPSHOTS_ADMIN_TOKEN"))
          .anyMatch(p -> p.startsWith("SNAPSHOTS_DEMO_DATA"));
    }
  }

  @Test
  void webhooksToLoopbackAndPrivateAddressesAreRefusedInProduction() {
    var env = new HashMap<>(COMPLETE);
    env.put("SNAPSHOTS_WEBHOOKS_ALLOW_INSECURE", "true");

    assertThat(new ProductionSettings(env, new Properties()).problems())
        .singleElement()
        .satisfies(p -> assertThat(p).startsWith("SNAPSHOTS_WEBHOOKS_ALLOW_INSECURE"));
  }

  @Test
  void systemPropertiesCountLikeTheEnvironment() {
    Properties properties = new Properties();
    properties.setProperty("snapshots.production", "true");
    properties.setProperty("kafka.bootstrap.servers", "kafka:9092");

    assertThat(new ProductionSettings(Map.of(), properties).problems())
        .noneMatch(p -> p.startsWith("KAFKA_BOOTSTRAP_SERVERS"));
    assertThat(new ProductionSettings(Map.of(), new Properties()).production()).isFalse();
  }
}
