package dev.hookkeeper.app.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/embedding.md shows its examples verbatim: each {@code <!-- include: path -->} is followed by
 * a code block equal to that file of the repository, byte for byte, so the page shows what the
 * tests compile and run.
 */
class EmbeddingDocTest {
  /** Surefire runs in the module's directory; the repository is its parent. */
  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

  private static final Pattern INCLUDE =
      Pattern.compile("<!-- include: (\\S+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);
  private static final String EXAMPLE = "app-javalin/src/test/java/example/EmbeddingExample.java";
  private static final String PLUGIN = "app-javalin/src/test/java/example/PluginExample.java";

  @Test
  void every_included_example_is_the_file_itself() {
    String page = read("docs/embedding.md");

    assertThat(includes(page)).containsKeys(EXAMPLE, PLUGIN);
    assertThat(mismatches(page))
        .as("included files that differ from their copy in docs/embedding.md")
        .isEmpty();
  }

  @Test
  void a_copy_that_drifted_from_its_file_is_found() {
    String page = read("docs/embedding.md");

    String drifted =
        page.replaceFirst("\\.notifier\\(n -> System\\.out", ".notifier(n -> System.err");

    assertThat(drifted).isNotEqualTo(page);
    assertThat(mismatches(drifted)).containsExactly(EXAMPLE);
  }

  private static Map<String, String> includes(String page) {
    Map<String, String> found = new LinkedHashMap<>();
    Matcher m = INCLUDE.matcher(page);
    while (m.find()) found.put(m.group(1), m.group(2));
    return found;
  }

  private static List<String> mismatches(String page) {
    List<String> differing = new ArrayList<>();
    includes(page)
        .forEach(
            (path, shown) -> {
              if (!shown.equals(read(path))) differing.add(path);
            });
    return differing;
  }

  private static String read(String path) {
    try {
      return Files.readString(REPOSITORY.resolve(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
