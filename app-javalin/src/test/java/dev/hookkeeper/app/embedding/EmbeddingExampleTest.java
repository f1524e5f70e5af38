package dev.hookkeeper.app.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.app.support.TestDatabase;
import dev.hookkeeper.github.simulator.FiredRun;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs docs/embedding.md's examples ({@code example.EmbeddingExample} and {@code
 * example.PluginExample}, compiled with the tests) as the plain Java programs they are, each in its
 * own JVM, configured by its environment, on a new, empty PostgreSQL database and against the
 * simulated GitHub. The first connects a repository, receives the signed deliveries of a failed run
 * and prints the incident they open; the second serves its own route and Hookkeeper's under its
 * prefix.
 */
class EmbeddingExampleTest {
  private static final String REPO = "acme/widgets";
  private static final String TOKEN = "ghp_ciBotToken00000000000000000000000001";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final GitHubSimulator github = GitHubSimulator.start();
  private Process example;
  private Path output;

  @AfterEach
  void stop() throws IOException {
    if (example != null && example.isAlive()) example.destroyForcibly();
    github.close();
    if (output != null) Files.deleteIfExists(output);
  }

  @Test
  void the_example_connects_a_repository_receives_a_signed_delivery_and_sees_the_incident()
      throws Exception {
    github.addRepository(REPO, 4242L, true, "main");
    github.addUser("ci-bot", TOKEN, List.of("repo", "admin:repo_hook"));
    github.grant("ci-bot", REPO, GitHubSimulator.Role.ADMIN);
    String databaseUrl = TestDatabase.emptyDatabaseUrl();
    int port = ServerProcess.freePort();

    example =
        start(
            "example.EmbeddingExample",
            Map.of(
                "DATABASE_URL",
                databaseUrl,
                "GITHUB_API_URL",
                github.baseUrl(),
                "PUBLIC_URL",
                "http://127.0.0.1:" + port,
                "PORT",
                Integer.toString(port),
                "HOOKKEEPER_KEY",
                randomKey(),
                "GITHUB_TOKEN",
                TOKEN,
                "REPOSITORY",
                REPO));

    awaitOutput(line -> line.startsWith("Connected[") && line.contains(REPO));
    assertThat(github.hooks(REPO))
        .singleElement()
        .satisfies(
            hook ->
                assertThat(hook.url()).isEqualTo("http://127.0.0.1:" + port + "/webhooks/github"));
    awaitOutput(
        line ->
            line.startsWith("webhook.status_changed") && line.contains("webhook_status=active"));

    GitHubSimulator.SimulatedRun run = github.fireWorkflowRun(REPO, FiredRun.ci(false));

    assertThat(run.deliveries())
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.statusCode()).as(d.event()).isEqualTo(202));
    awaitOutput(line -> line.startsWith("incident.opened") && line.contains(REPO));
    assertThat(count(databaseUrl, "SELECT count(*) FROM deliveries WHERE event = 'workflow_run'"))
        .isEqualTo(1);
    assertThat(count(databaseUrl, "SELECT count(*) FROM incidents WHERE status = 'open'"))
        .isEqualTo(1);

    example.destroy(); // SIGTERM: the shutdown hook stops the HTTP server and closes Hookkeeper
    assertThat(example.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    assertThat(example.exitValue()).isEqualTo(128 + 15);
    assertThat(output()).noneMatch(line -> line.contains("Exception in thread"));
  }

  @Test
  void the_plugin_example_mounts_hookkeeper_beside_the_apps_own_route() throws Exception {
    int port = ServerProcess.freePort();
    example =
        start(
            "example.PluginExample",
            Map.of(
                "DATABASE_URL", TestDatabase.emptyDatabaseUrl(),
                "GITHUB_API_URL", github.baseUrl(),
                "PUBLIC_URL", "http://127.0.0.1:" + port,
                "PORT", Integer.toString(port),
                "HOOKKEEPER_KEY", randomKey()));
    Http http = new Http("http://127.0.0.1:" + port);

    Poll.until(
        WAIT,
        () -> {
          if (!example.isAlive()) throw new AssertionError("the example exited\n" + tail());
          try {
            return http.get("/", null).status() == 200;
          } catch (UncheckedIOException notYet) {
            return false;
          }
        });

    assertThat(http.get("/", null).body()).isEqualTo("my app");
    Reply unauthenticated = http.get("/hookkeeper/api/v2/repositories", null);
    assertThat(unauthenticated.status()).as(unauthenticated.body()).isEqualTo(401);
    assertThat(unauthenticated.json().get("error").asText()).isEqualTo("unauthenticated");
    Reply forged =
        http.send(
            http.request("/hookkeeper/api/v2/webhooks/github", null)
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "ping")
                .header("X-GitHub-Delivery", "d-1")
                .header("X-GitHub-Hook-ID", "1")
                .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(forged.status()).isEqualTo(401);
  }

  private Process start(String mainClass, Map<String, String> env) throws IOException {
    output = Files.createTempFile("embedding-example", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx192m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            mainClass);
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(output.toFile());
    return builder.start();
  }

  private void awaitOutput(java.util.function.Predicate<String> wanted) {
    try {
      Poll.until(
          WAIT,
          () -> {
            if (!example.isAlive())
              throw new AssertionError(
                  "the example exited with " + example.exitValue() + "\n" + tail());
            return output().stream().anyMatch(wanted);
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + tail(), e);
    }
  }

  private List<String> output() {
    try {
      return Files.readAllLines(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String tail() {
    List<String> lines = new ArrayList<>(output());
    return "---- the example's output\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static long count(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        ResultSet r = c.createStatement().executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
