package org.vps.snapshots.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The named API endpoints and tokens of {@code config.toml}, kept readable by its owner only, and
 * the one a command talks to: {@code --context}, else {@code SNAPCTL_CONTEXT}, else the current
 * one; {@code SNAPCTL_URL} and {@code SNAPCTL_TOKEN} override its URL and token.
 */
final class Contexts {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private static final TomlMapper TOML = new TomlMapper();

  /** One endpoint and the token to use there. */
  record Context(String url, String token) {}

  /** What {@code config.toml} holds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Config(String current, Map<String, Context> contexts) {
    Config {
      contexts = new TreeMap<>(contexts == null ? Map.of() : contexts);
    }
  }

  /** The URL and token a command uses. */
  record Target(String url, String token) {}

  private final Path file;
  private final Map<String, String> env;

  Contexts(Map<String, String> env) {
    this.env = env;
    this.file = directory(env).resolve("config.toml");
  }

  private static Path directory(Map<String, String> env) {
    if (env.get("SNAPCTL_CONFIG_DIR") != null) {
      return Path.of(env.get("SNAPCTL_CONFIG_DIR"));
    }
    if (env.get("XDG_CONFIG_HOME") != null) {
      return Path.of(env.get("XDG_CONFIG_HOME"), "snapctl");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".config", "snapctl");
  }

  Path file() {
    return file;
  }

  Config read() {
    if (!Files.exists(file)) {
      return new Config(null, null);
    }
    try {
      return TOML.readValue(file.toFile(), Config.class);
    } catch (IOException e) {
      throw new CliFailure(CliFailure.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Adds or replaces a context; the first one, or any with {@code use}, becomes current. */
  void create(String name, String url, String token, boolean use) {
    if (!NAME.matcher(name).matches()) {
      throw new CliFailure(
          CliFailure.USAGE, "a context's name is 1-63 letters, digits, '_', '.' and '-'");
    }
    Config config = read();
    config.contexts().put(name, new Context(apiUrl(url), token));
    write(new Config(use || config.current() == null ? name : config.current(), config.contexts()));
  }

  void use(String name) {
    Config config = read();
    named(config, name);
    write(new Config(name, config.contexts()));
  }

  void delete(String name) {
    Config config = read();
    named(config, name);
    config.contexts().remove(name);
    write(new Config(name.equals(config.current()) ? null : config.current(), config.contexts()));
  }

  /** The URL and token for a command run with {@code --context} set to {@code chosen} (or null). */
  Target target(String chosen) {
    Config config = read();
    String name = Optional.ofNullable(chosen).orElse(env.get("SNAPCTL_CONTEXT"));
    Context context =
        name != null
            ? named(config, name)
            : config.current() == null ? null : config.contexts().get(config.current());
    String url = env.get("SNAPCTL_URL");
    String token = env.get("SNAPCTL_TOKEN");
    url = url != null ? apiUrl(url) : context == null ? null : context.url();
    token = token != null ? token : context == null ? null : context.token();
    if (url == null || token == null) {
      throw new CliFailure(
          CliFailure.USAGE,
          "no API to talk to: run `snapctl context create NAME --url URL --token TOKEN`,"
              + " or set SNAPCTL_URL and SNAPCTL_TOKEN");
    }
    return new Target(url, token);
  }

  private static Context named(Config config, String name) {
    Context context = config.contexts().get(name);
    if (context == null) {
      throw new CliFailure(
          CliFailure.USAGE, "no context " + name + " (see `snapctl context list`)");
    }
    return context;
  }

  /** An absolute http(s) URL without a trailing slash. */
  private static String apiUrl(String url) {
    try {
      URI uri = URI.create(url.trim());
      if (uri.getHost() == null
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new IllegalArgumentException();
      }
      return uri.toString().replaceAll("/+$", "");
    } catch (IllegalArgumentException e) {
      throw new CliFailure(CliFailure.USAGE, "the URL must be absolute, http or https: " + url);
    }
  }

  /** Writes the whole file through a temporary one that only its owner can read. */
  private void write(Config config) {
    try {
      Path directory = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(directory);
        restrict(directory, "rwx------");
      }
      Path next = directory.resolve("config.toml.next");
      Files.deleteIfExists(next);
      try {
        Files.createFile(
            next,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
        Files.createFile(next);
      }
      Files.writeString(next, TOML.writeValueAsString(config));
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void restrict(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own access rules apply
    }
  }
}
