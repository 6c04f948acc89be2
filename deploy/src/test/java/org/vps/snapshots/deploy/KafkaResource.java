package org.vps.snapshots.deploy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.jboss.logging.Logger;
import org.testcontainers.kafka.KafkaContainer;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * The Kafka broker of a test run: a Testcontainers container where a Docker engine answers, the
 * embedded broker process otherwise. Either way a real broker, which a test can take down and bring
 * back as an outage would.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {
  private static final Logger LOG = Logger.getLogger(KafkaResource.class);
  private static volatile Broker current;

  /** The broker the running test application talks to. */
  public static Broker broker() {
    return current;
  }

  @Override
  public Map<String, String> start() {
    if (PostgresResource.dockerAnswers()) {
      LOG.info("Tests use Kafka in a Testcontainers container (a Docker engine answered)");
      KafkaContainer container = new KafkaContainer("apache/kafka:4.1.2");
      container.start();
      current = new ContainerBroker(container);
    } else {
      LOG.info("Tests use the embedded Kafka broker (no Docker engine answered)");
      current = new EmbeddedBroker(EmbeddedKafkaServer.start());
    }
    return Map.of("kafka.bootstrap.servers", current.bootstrapServers());
  }

  @Override
  public void stop() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  /** A broker a test can take down and bring back. */
  public interface Broker extends AutoCloseable {
    String bootstrapServers();

    void takeDown();

    void bringBack();

    @Override
    void close();
  }

  private record EmbeddedBroker(EmbeddedKafkaServer server) implements Broker {
    @Override
    public String bootstrapServers() {
      return server.bootstrapServers();
    }

    @Override
    public void takeDown() {
      server.stop();
    }

    @Override
    public void bringBack() {
      server.startAgain();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  private record ContainerBroker(KafkaContainer container) implements Broker {
    @Override
    public String bootstrapServers() {
      return container.getBootstrapServers();
    }

    @Override
    public void takeDown() {
      container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void bringBack() {
      container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void close() {
      container.stop();
    }
  }
}
