package org.vps.snapshots.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags the image runs the service with: its Dockerfile's {@code JAVA_OPTS="..."}. Read by
 * the deployment's tests and by the benchmark, which measures the service as the image runs it.
 */
public final class ImageJvmFlags {
  private static final Pattern JAVA_OPTS = Pattern.compile("JAVA_OPTS=\"([^\"]+)\"");

  private ImageJvmFlags() {}

  /** The flags {@code dockerfile} sets, in their order. */
  public static List<String> of(Path dockerfile) {
    String text;
    try {
      text = Files.readString(dockerfile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher opts = JAVA_OPTS.matcher(text);
    if (!opts.find()) {
      throw new IllegalStateException(dockerfile + " sets no JAVA_OPTS");
    }
    return List.of(opts.group(1).trim().split("\\s+"));
  }
}
