package dev.hookkeeper.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The real payloads copied from /work/shared/fixtures/github (provenance in github/SOURCES.md). */
public final class Fixtures {
  private Fixtures() {}

  static Path root() {
    URL url = Fixtures.class.getClassLoader().getResource("github/SOURCES.md");
    if (url == null) throw new IllegalStateException("test resources github/ missing");
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(root().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String relative) {
    return new String(bytes(relative), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Every file under github/, relative, with forward slashes, sorted. */
  static List<String> all() {
    Path root = root();
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The X-GitHub-Event a payload fixture goes with: its directory, else its file-name stem (SOURCES.md). */
  static String eventOf(String relative) {
    if (relative.startsWith("api/x-webhooks.ping")) return "ping";
    if (relative.startsWith("api/x-webhooks.check-run")) return "check_run";
    int slash = relative.indexOf('/');
    if (slash > 0) return relative.substring(0, slash);
    int dot = relative.indexOf('.');
    return relative.substring(0, dot);
  }
}
