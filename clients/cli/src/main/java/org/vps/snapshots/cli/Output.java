package org.vps.snapshots.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vps.snapshots.client.ApiClient;

/**
 * What a command prints on standard output: an aligned table for people, or the API's own JSON or
 * YAML shapes for programs (a list is an array, whatever pages it came from).
 */
final class Output {
  /** The formats of {@code -o}. */
  enum Format {
    table,
    json,
    yaml
  }

  /** The columns of a table: a heading and how to read its cell from a row. */
  record Column<T>(String heading, Function<T, Object> cell) {}

  private final PrintStream out;
  private final ObjectMapper json;
  private final ObjectMapper yaml;

  Output(PrintStream out) {
    this.out = out;
    this.json = ApiClient.createDefaultObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    this.yaml =
        new ObjectMapper(
            new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  }

  /** Rows as a table, or as an array of their API shapes. */
  <T> void list(Format format, List<T> rows, List<Column<T>> columns) {
    if (format != Format.table) {
      document(format, rows);
      return;
    }
    List<String[]> lines = new ArrayList<>();
    lines.add(columns.stream().map(Column::heading).toArray(String[]::new));
    for (T row : rows) {
      lines.add(columns.stream().map(c -> text(c.cell().apply(row))).toArray(String[]::new));
    }
    int[] widths = new int[columns.size()];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (String[] line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        text.append(
            i == line.length - 1 ? line[i] : String.format("%-" + widths[i] + "s   ", line[i]));
      }
      out.println(text.toString().stripTrailing());
    }
  }

  /** One thing as {@code heading: value} lines, or as its API shape. */
  <T> void one(Format format, T value, List<Column<T>> fields) {
    if (format != Format.table) {
      document(format, value);
      return;
    }
    int width = fields.stream().mapToInt(f -> f.heading().length()).max().orElse(0) + 1;
    for (Column<T> field : fields) {
      out.printf("%-" + width + "s %s%n", field.heading() + ":", text(field.cell().apply(value)));
    }
  }

  private void document(Format format, Object value) {
    try {
      String text =
          format == Format.json
              ? json.writeValueAsString(value)
              : yaml.writeValueAsString(json.valueToTree(value));
      out.println(text.stripTrailing());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an answer of the API could not be written as " + format, e);
    }
  }

  private static String text(Object value) {
    return value == null ? "-" : value.toString();
  }
}
