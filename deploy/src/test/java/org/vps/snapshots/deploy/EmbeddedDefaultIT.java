package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's first command, {@code java -jar quarkus-run.jar} with nothing configured: the
 * service on a PostgreSQL and a Kafka broker of its own, stopped as people and process managers
 * stop it.
 */
class EmbeddedDefaultIT {

  /**
   * The service drains first (its relay, its consumers' last commits, its producers' last sends),
   * and only then do its broker and database go: no client of it meets a broker that is gone, and
   * nothing it started outlives it.
   */
  @ParameterizedTest(name = "signalled {0}")
  @ValueSource(strings = {"alone", "with its group"})
  void aStopEndsTheServiceBeforeItsBrokerAndDatabaseAndLeavesNothingRunning(String how)
      throws Exception {
    try (PackagedApp app =
        PackagedApp.startLeadingItsGroup("embedded-default-" + how.replace(' ', '-'), Map.of())) {
      app.awaitReady();
      await("the demo account printed")
          .atMost(Duration.ofSeconds(60))
          .until(() -> app.output().contains("Write token"));
      int broker = port(app.output(), "Embedded Kafka broker listens on [^:]+:(\\d+)");
      int postgres = port(app.output(), "Embedded PostgreSQL listens on [^:]+:(\\d+)");
      assertThat(EmbeddedKafkaServer.accepts(broker)).isTrue();
      assertThat(EmbeddedKafkaServer.accepts(postgres)).isTrue();
      int before = app.output().length();

      if (how.equals("alone")) {
        app.terminate();
      } else {
        app.terminateItsGroup();
      }
      app.awaitExit(Duration.ofSeconds(90));

      assertThat(app.output().substring(before))
          .as("what the service said while it stopped")
          .doesNotContain("could not be established")
          .doesNotContain("disconnected")
          .doesNotContain("ERROR");
      await("the embedded servers gone with it")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> !EmbeddedKafkaServer.accepts(broker) && !EmbeddedKafkaServer.accepts(postgres));
    }
  }

  private static int port(String output, String pattern) {
    Matcher found = Pattern.compile(pattern).matcher(output);
    assertThat(found.find()).as("/%s/ in the log", pattern).isTrue();
    return Integer.parseInt(found.group(1));
  }
}
