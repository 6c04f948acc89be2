package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code snapshots.*} setting is declared in a {@code @ConfigMapping} interface, has its
 * default written once (in the mapping, or in {@code application.properties} where another part's
 * configuration reads it by name), and README.md's configuration table names it with that default.
 */
class ConfigurationTableTest {
  private static final Pattern QUOTED = Pattern.compile("`([^`]*)`");

  @Test
  void theReadmeListsEverySettingWithTheDefaultTheServiceHas() throws IOException {
    Map<String, Optional<String>> declared = declaredSettings();
    Map<String, String> properties = propertiesDefaults();
    Map<String, Optional<String>> documented = documentedSettings();

    assertThat(declared)
        .as("settings declared in @ConfigMapping interfaces")
        .hasSizeGreaterThan(30);
    assertThat(properties.keySet())
        .as("application.properties sets only settings a mapping declares")
        .allSatisfy(name -> assertThat(declared).containsKey(name));
    Map<String, Optional<String>> defaults = new TreeMap<>();
    declared.forEach(
        (name, inMapping) -> {
          assertThat(inMapping.isPresent() && properties.containsKey(name))
              .as(
                  "the default of %s is written both in its mapping and in application.properties",
                  name)
              .isFalse();
          defaults.put(name, inMapping.or(() -> Optional.ofNullable(properties.get(name))));
        });

    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(defaults.keySet());
    defaults.forEach(
        (name, value) ->
            value.ifPresent(
                expected ->
                    assertThat(documented.get(name))
                        .as("README's default of %s", name)
                        .contains(expected)));
  }

  /** Setting name to its {@code @WithDefault}, from every mapping of the service. */
  static Map<String, Optional<String>> declaredSettings() {
    Map<String, Optional<String>> settings = new TreeMap<>();
    ArchitectureTest.CLASSES.stream()
        .filter(c -> c.isAnnotatedWith(ConfigMapping.class))
        .map(c -> c.reflect())
        .forEach(
            mapping ->
                collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, settings));
    return settings;
  }

  private static void collect(String prefix, Class<?> group, Map<String, Optional<String>> into) {
    for (Method method : group.getMethods()) {
      String name = prefix + "." + kebab(method.getName());
      Class<?> type = method.getReturnType();
      if (type.isInterface() && type.getName().startsWith(ArchitectureTest.ROOT)) {
        collect(name, type, into);
      } else {
        WithDefault value = method.getAnnotation(WithDefault.class);
        into.put(name, Optional.ofNullable(value).map(WithDefault::value));
      }
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** The {@code snapshots.*} settings application.properties gives a value for every profile. */
  private static Map<String, String> propertiesDefaults() throws IOException {
    Properties file = new Properties();
    try (InputStream in =
        ConfigurationTableTest.class
            .getClassLoader()
            .getResourceAsStream("application.properties")) {
      file.load(in);
    }
    Map<String, String> defaults = new TreeMap<>();
    file.stringPropertyNames().stream()
        .filter(name -> name.startsWith("snapshots."))
        .forEach(name -> defaults.put(name, file.getProperty(name)));
    return defaults;
  }

  /**
   * The rows of README.md's configuration table: a row names one setting or several ({@code
   * `snapshots.a.b`, `.c`} stands for {@code snapshots.a.b} and {@code snapshots.a.c}), and its
   * default column gives one default for all, or one each, {@code –} or prose for none.
   */
  static Map<String, Optional<String>> documentedSettings() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section =
        readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## Benchmarks"));
    Map<String, Optional<String>> documented = new LinkedHashMap<>();
    for (String row : section.lines().filter(l -> l.startsWith("| `")).toList()) {
      String[] cells = row.split("\\|");
      List<String> names = names(cells[1]);
      List<Optional<String>> values = values(cells[cells.length - 1]);
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).startsWith("snapshots.")) {
          documented.put(names.get(i), values.size() == 1 ? values.get(0) : values.get(i));
        }
      }
    }
    return documented;
  }

  private static List<String> names(String cell) {
    List<String> names = new ArrayList<>();
    Matcher quoted = QUOTED.matcher(cell);
    String first = null;
    while (quoted.find()) {
      String name = quoted.group(1);
      if (name.startsWith(".") && first != null) {
        int segments = name.split("\\.").length - 1;
        String base = first;
        for (int i = 0; i < segments; i++) {
          base = base.substring(0, base.lastIndexOf('.'));
        }
        name = base + name;
      } else {
        first = name;
      }
      names.add(name);
    }
    return names;
  }

  private static List<Optional<String>> values(String cell) {
    List<Optional<String>> values = new ArrayList<>();
    for (String part : cell.split(",")) {
      Matcher quoted = QUOTED.matcher(part);
      values.add(quoted.find() ? Optional.of(quoted.group(1)) : Optional.empty());
    }
    return values;
  }
}
