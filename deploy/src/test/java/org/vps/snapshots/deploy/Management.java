package org.vps.snapshots.deploy;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface of the application under test: health, metrics, the API document. */
final class Management {
  private Management() {}

  static RequestSpecification given() {
    return RestAssured.given().port(port());
  }

  static int port() {
    return ConfigProvider.getConfig()
        .getOptionalValue("quarkus.management.test-port", Integer.class)
        .orElse(9001);
  }
}
