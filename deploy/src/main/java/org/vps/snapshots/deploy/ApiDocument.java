package org.vps.snapshots.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The OpenAPI document on the management interface, served as written in {@code
 * META-INF/openapi.yaml} (YAML, or JSON on {@code ?format=json} or {@code Accept:
 * application/json}). The routes are built to that document, so there is nothing to generate:
 * having SmallRye OpenAPI rebuild it cost about half a second of every start.
 */
@ApplicationScoped
public class ApiDocument {
  private static final String SOURCE = "META-INF/openapi.yaml";

  /** Where Swagger UI looks for the document: the one setting both read. */
  private final String path;

  private volatile Buffer yaml;
  private volatile Buffer json;

  @Inject
  public ApiDocument(@ConfigProperty(name = "quarkus.smallrye-openapi.path") String path) {
    this.path = path;
  }

  void route(@Observes ManagementInterface management) {
    management.router().get(path).blockingHandler(this::serve);
  }

  private void serve(RoutingContext request) {
    boolean asJson =
        wantsJson(request.queryParams().get("format"), request.request().getHeader("Accept"));
    request
        .response()
        .putHeader(
            "Content-Type",
            asJson ? "application/json;charset=UTF-8" : "application/yaml;charset=UTF-8")
        .end(asJson ? json() : yaml());
  }

  /**
   * An explicit {@code format} wins over the Accept header; YAML is the default, as it is written.
   */
  static boolean wantsJson(String format, String accept) {
    if (format != null) {
      return format.toLowerCase(Locale.ROOT).equals("json");
    }
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
  }

  private Buffer yaml() {
    if (yaml == null) {
      try (InputStream in =
          Thread.currentThread().getContextClassLoader().getResourceAsStream(SOURCE)) {
        if (in == null) {
          throw new IllegalStateException(SOURCE + " is missing from the application");
        }
        yaml = Buffer.buffer(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return yaml;
  }

  private Buffer json() {
    if (json == null) {
      try {
        Object document = new YAMLMapper().readValue(yaml().getBytes(), Object.class);
        json =
            Buffer.buffer(
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return json;
  }
}
