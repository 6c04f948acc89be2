package org.vps.snapshots.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The SDK's generator, run as this module's build runs it (settings read from its pom.xml), warns
 * about nothing in the OpenAPI document: a warning names a flaw of the document that the generated
 * types would carry (an invented model name, an example or a reference it cannot use).
 */
class GenerationTest {

  @TempDir Path output;

  @Test
  void theServicesDocumentGeneratesWithoutAWarning() throws Exception {
    Path document = Path.of(setting("/project/properties/openapi.document"));

    assertThat(warningsOf(document)).isEmpty();
  }

  @Test
  void aDocumentTheGeneratorWarnsAboutIsCaught() throws Exception {
    Path document = output.resolve("flawed.yaml");
    Files.writeString(
        document,
        """
        openapi: 3.0.3
        info: {title: flawed, version: "1"}
        paths:
          /things:
            post:
              operationId: createThing
              requestBody:
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/Thing"}
                    example: {name: a}
              responses:
                "204": {description: done}
        components:
          schemas:
            Thing:
              type: object
              properties: {name: {type: string}}
        """);

    assertThat(warningsOf(document)).anyMatch(line -> line.contains("complex example"));
  }

  /** The lines the generator logs at WARN or above while it generates from the document. */
  private List<String> warningsOf(Path document) throws Exception {
    CodegenConfigurator configurator =
        new CodegenConfigurator()
            .setGeneratorName(setting(execution() + "generatorName"))
            .setLibrary(setting(execution() + "library"))
            .setInputSpec(document.toString())
            .setOutputDir(output.resolve("generated").toString());
    NodeList options = nodes(execution() + "configOptions/*");
    for (int i = 0; i < options.getLength(); i++) {
      Node option = options.item(i);
      configurator.addAdditionalProperty(option.getNodeName(), option.getTextContent().trim());
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream standardError = System.err;
    System.setErr(new PrintStream(tee(standardError, log), true, StandardCharsets.UTF_8));
    try {
      new DefaultGenerator().opts(configurator.toClientOptInput()).generate();
    } finally {
      System.setErr(standardError);
    }
    return Arrays.stream(log.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
        .toList();
  }

  private static String execution() {
    return "/project/build/plugins/plugin[artifactId='openapi-generator-maven-plugin']"
        + "/executions/execution[id='sdk']/configuration/";
  }

  private static String setting(String path) throws Exception {
    String value = (String) xpath().evaluate(path, pom(), XPathConstants.STRING);
    assertThat(value).as(path).isNotBlank();
    return value.trim().replace("${project.basedir}", ".");
  }

  private static NodeList nodes(String path) throws Exception {
    return (NodeList) xpath().evaluate(path, pom(), XPathConstants.NODESET);
  }

  private static Document pom() throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse("pom.xml");
  }

  private static XPath xpath() {
    return XPathFactory.newInstance().newXPath();
  }

  private static OutputStream tee(PrintStream first, ByteArrayOutputStream second) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        first.write(bytes, offset, length);
        second.write(bytes, offset, length);
      }
    };
  }
}
