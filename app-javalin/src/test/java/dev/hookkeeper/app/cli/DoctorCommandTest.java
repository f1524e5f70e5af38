package dev.hookkeeper.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.DataDirectory;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.app.support.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor}: one line per check, against a real database and the simulated providers; exit 1
 * on any failure.
 */
class DoctorCommandTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    app.gitHubUser(
        "doctor-patient", TestApp.ALICE_GH); // an encrypted token for the key check to find
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void a_healthy_setup_passes_every_check() {
    Map<String, String> env = Cli.envOf(app);
    env.put("WEBHOOK_BASE_URL", "https://hooks.example.com");

    Cli.Result r = Cli.run(env, "doctor");

    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(lines(r))
        .anySatisfy(l -> assertThat(l).startsWith("ok").contains("configuration"))
        .anySatisfy(
            l -> assertThat(l).startsWith("ok").contains("WEBHOOK_BASE_URL").contains("is https"))
        .anySatisfy(l -> assertThat(l).startsWith("ok").contains("encryption key"))
        .anySatisfy(
            l -> assertThat(l).startsWith("ok").contains("database ").contains("PostgreSQL 17"))
        .anySatisfy(
            l -> assertThat(l).startsWith("ok").contains("database schema").contains("current"))
        .anySatisfy(l -> assertThat(l).startsWith("ok").contains("encrypted secrets"))
        .anySatisfy(
            l -> assertThat(l).startsWith("ok").contains("GitHub API").contains("answered 401"))
        .anySatisfy(
            l -> assertThat(l).startsWith("ok").contains("GitLab API").contains("answered 401"));
    assertThat(r.out()).contains("0 failed");
    assertNoSecrets(r, env);
  }

  @Test
  void each_broken_part_is_a_failed_line_and_a_non_zero_exit() {
    int closed = ServerProcess.freePort();
    Map<String, String> env = Cli.envOf(app);
    env.put(
        "DATABASE_URL",
        "jdbc:postgresql://127.0.0.1:" + closed + "/hookkeeper?user=hk&password=pw-never-shown");
    env.put("GITHUB_API_URL", "http://127.0.0.1:" + closed);
    env.put("GITLAB_URL", app.url()); // Hookkeeper itself: a 404 JSON error, not GitLab's API
    env.put("WEBHOOK_BASE_URL", "http://hooks.example.com");

    Cli.Result r = Cli.run(env, "doctor");

    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(lines(r))
        .anySatisfy(
            l ->
                assertThat(l).startsWith("FAIL").contains("WEBHOOK_BASE_URL").contains("not https"))
        .anySatisfy(
            l -> assertThat(l).startsWith("FAIL").contains("database ").contains("DATABASE_URL"))
        .anySatisfy(l -> assertThat(l).startsWith("FAIL").contains("GitHub API"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("FAIL")
                    .contains("GitLab API")
                    .contains("answered 404")
                    .contains("is GITLAB_URL the API's base URL?"));
    assertThat(r.out()).contains("4 failed");
    assertNoSecrets(r, env);
  }

  @Test
  void values_under_a_key_that_is_not_configured_fail_the_key_check() {
    Map<String, String> env = Cli.envOf(app);
    env.put("WEBHOOK_BASE_URL", "https://hooks.example.com");
    byte[] other = new byte[32];
    new SecureRandom().nextBytes(other);
    env.put("WEBHOOK_SECRET_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(other));

    Cli.Result r = Cli.run(env, "doctor");

    assertThat(r.status()).isEqualTo(1);
    assertThat(lines(r))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("FAIL")
                    .contains("encrypted secrets")
                    .contains("not configured"));
  }

  @Test
  void owner_only_secret_files_are_checked_and_a_missing_database_is_a_failure(@TempDir Path tmp)
      throws Exception {
    Path data =
        Files.createDirectory(
            tmp.resolve("data"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path keyFile = data.resolve(DataDirectory.KEY_FILE);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.writeString(keyFile, Base64.getEncoder().encodeToString(key));
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "HOOKKEEPER_DATA_DIR",
                data.toString(),
                "WEBHOOK_BASE_URL",
                "https://hooks.example.com",
                "GITHUB_API_URL",
                app.github.baseUrl(),
                "GITLAB_URL",
                app.gitlab.baseUrl()));

    Cli.Result r = Cli.run(env, "doctor");

    assertThat(r.status()).isEqualTo(1);
    assertThat(lines(r))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("ok")
                    .contains("data directory permissions")
                    .contains("rwx------"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("FAIL")
                    .contains("key file permissions")
                    .contains("rw-r--r--")
                    .contains("chmod 600"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("FAIL")
                    .contains("database")
                    .contains("no embedded database"));
    assertThat(r.all()).doesNotContain(Base64.getEncoder().encodeToString(key));
    assertThat(Files.exists(data.resolve("postgres"))).as("doctor creates nothing").isFalse();
  }

  @Test
  void an_invalid_configuration_is_reported_line_by_line() {
    Cli.Result r = Cli.run(Map.of("PORT", "-1", "LOG_FORMAT", "xml"), "doctor");
    assertThat(r.status()).isEqualTo(1);
    assertThat(lines(r))
        .anySatisfy(l -> assertThat(l).startsWith("FAIL").contains("PORT must be"))
        .anySatisfy(l -> assertThat(l).startsWith("FAIL").contains("LOG_FORMAT must be"));
  }

  private static List<String> lines(Cli.Result r) {
    return Arrays.asList(r.out().split("\n"));
  }

  private static void assertNoSecrets(Cli.Result r, Map<String, String> env) {
    assertThat(r.all())
        .doesNotContain(
            env.get("WEBHOOK_SECRET_ENCRYPTION_KEY"),
            TestApp.ADMIN_TOKEN,
            "pw-never-shown",
            TestApp.ALICE_GH);
    String url = env.get("DATABASE_URL");
    if (url.contains("password=")) {
      String password =
          url.substring(url.indexOf("password=") + "password=".length()).split("&")[0];
      assertThat(r.all()).doesNotContain(password);
    }
  }
}
