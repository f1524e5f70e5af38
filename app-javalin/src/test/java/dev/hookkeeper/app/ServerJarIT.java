package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.github.GitHubHooksClient;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.GitLabHooksClient;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged jars (run by Failsafe after {@code package}, when the adapters arrive as jars): each
 * provider adapter's plain jar holds the real adapter and no simulator, its {@code simulator} jar
 * the simulator and nothing else, and the server jar both, because {@code --demo} runs the
 * simulators.
 */
class ServerJarIT {
  private static final Path SERVER_JAR = Path.of("target", "hookkeeper.jar");

  @Test
  void the_github_adapter_jar_leaves_its_simulator_to_the_simulator_jar() throws IOException {
    assertSplit(
        jarOf(GitHubHooksClient.class), jarOf(GitHubSimulator.class), "dev/hookkeeper/github/");
  }

  @Test
  void the_gitlab_adapter_jar_leaves_its_simulator_to_the_simulator_jar() throws IOException {
    assertSplit(
        jarOf(GitLabHooksClient.class), jarOf(GitLabSimulator.class), "dev/hookkeeper/gitlab/");
  }

  @Test
  void the_server_jar_carries_both_adapters_and_both_simulators_for_the_demo() throws IOException {
    assertThat(SERVER_JAR).as("built by the shade plugin in package").exists();
    try (JarFile server = new JarFile(SERVER_JAR.toFile())) {
      for (Class<?> type :
          List.of(
              GitHubHooksClient.class,
              GitHubSimulator.class,
              GitLabHooksClient.class,
              GitLabSimulator.class,
              dev.hookkeeper.app.demo.DemoProviders.class)) {
        assertThat(server.getEntry(type.getName().replace('.', '/') + ".class"))
            .as(type.getName())
            .isNotNull();
      }
      // the simulators' payload templates come with them
      assertThat(entries(server))
          .anyMatch(n -> n.startsWith("dev/hookkeeper/github/simulator/") && n.endsWith(".json"))
          .anyMatch(n -> n.startsWith("dev/hookkeeper/gitlab/simulator/") && n.endsWith(".json"));
    }
  }

  private static void assertSplit(Path adapterJar, Path simulatorJar, String root)
      throws IOException {
    assertThat(adapterJar.getFileName().toString()).doesNotContain("-simulator");
    assertThat(simulatorJar.getFileName().toString()).endsWith("-simulator.jar");
    String simulator = root + "simulator/";
    try (JarFile adapter = new JarFile(adapterJar.toFile());
        JarFile sim = new JarFile(simulatorJar.toFile())) {
      List<String> adapterClasses =
          entries(adapter).stream().filter(n -> n.startsWith(root) && !n.endsWith("/")).toList();
      List<String> simulatorFiles =
          entries(sim).stream().filter(n -> n.startsWith("dev/") && !n.endsWith("/")).toList();
      assertThat(adapterClasses)
          .as("the adapter jar")
          .isNotEmpty()
          .noneMatch(n -> n.startsWith(simulator));
      assertThat(simulatorFiles)
          .as("the simulator jar")
          .isNotEmpty()
          .allMatch(n -> n.startsWith(simulator));
    }
  }

  /** The jar a class was loaded from: under Failsafe, the sibling modules' packaged jars. */
  private static Path jarOf(Class<?> type) {
    try {
      Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      assertThat(Files.isRegularFile(location))
          .as("%s comes from a jar, not %s", type.getSimpleName(), location)
          .isTrue();
      return location;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> entries(JarFile jar) {
    return Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
  }
}
