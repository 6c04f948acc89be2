package org.vps.snapshots.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * What a production node must be told, checked before anything starts: with {@code
 * SNAPSHOTS_PRODUCTION=true} the service never falls back to the embedded default and refuses to
 * start, naming every missing or unsafe setting at once.
 */
final class ProductionSettings {
  static final int MIN_ADMIN_TOKEN_LENGTH = 32;
  private static final Set<String> KNOWN_DEMO_TOKENS =
      Set.of(SnapshotsMain.DEV_ADMIN_TOKEN, "test-admin-token", "changeme", "change-me");

  private final Map<String, String> environment;
  private final Properties properties;

  ProductionSettings(Map<String, String> environment, Properties properties) {
    this.environment = environment;
    this.properties = properties;
  }

  static ProductionSettings ofThisProcess() {
    return new ProductionSettings(System.getenv(), System.getProperties());
  }

  boolean production() {
    return "true".equalsIgnoreCase(value("snapshots.production", "SNAPSHOTS_PRODUCTION"));
  }

  /** Every problem, each naming its setting; empty when the node may start. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (blank(value("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL"))) {
      problems.add("QUARKUS_DATASOURCE_JDBC_URL is not set: give the PostgreSQL JDBC URL.");
    }
    if (blank(value("quarkus.datasource.password", "QUARKUS_DATASOURCE_PASSWORD"))) {
      problems.add("QUARKUS_DATASOURCE_PASSWORD is not set.");
    }
    if (blank(value("kafka.bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS"))) {
      problems.add("KAFKA_BOOTSTRAP_SERVERS is not set: give the Kafka brokers.");
    }
    String admin = value("snapshots.admin-token", "SNAPSHOTS_ADMIN_TOKEN");
    if (blank(admin)) {
      problems.add("SNAPSHOTS_ADMIN_TOKEN is not set: the operator API needs a secret.");
    } else if (KNOWN_DEMO_TOKENS.contains(admin.strip())) {
      problems.add("SNAPSHOTS_ADMIN_TOKEN is a demo value: set a random secret.");
    } else if (admin.strip().length() < MIN_ADMIN_TOKEN_LENGTH) {
      problems.add(
          "SNAPSHOTS_ADMIN_TOKEN is shorter than " + MIN_ADMIN_TOKEN_LENGTH + " characters.");
    }
    if ("true".equalsIgnoreCase(value("snapshots.demo-data", "SNAPSHOTS_DEMO_DATA"))) {
      problems.add("SNAPSHOTS_DEMO_DATA is true: demo accounts and tokens have no place here.");
    }
    if ("true"
        .equalsIgnoreCase(
            value("snapshots.webhooks.allow-insecure", "SNAPSHOTS_WEBHOOKS_ALLOW_INSECURE"))) {
      problems.add(
          "SNAPSHOTS_WEBHOOKS_ALLOW_INSECURE is true: webhooks could reach this network's own"
              + " addresses over plain http.");
    }
    return problems;
  }

  private String value(String property, String environmentVariable) {
    String fromProperty = properties.getProperty(property);
    return fromProperty != null ? fromProperty : environment.get(environmentVariable);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
