package dev.hookkeeper.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.app.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code users create} and {@code users token-rotate} on the server's database; the token shown
 * once.
 */
class UserCommandsTest {
  private static final Pattern ID = Pattern.compile("(?m)^id: (usr_\\S+)$");
  private static final Pattern TOKEN = Pattern.compile("(?m)^api_token: (hk_\\S+)$");
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void creates_a_user_whose_token_the_running_server_accepts() {
    Cli.Result created = Cli.run(Cli.envOf(app), "users", "create", "  carol  ");
    assertThat(created.status()).as(created.toString()).isZero();
    String id = group(ID, created.out());
    String token = group(TOKEN, created.out());
    assertThat(created.err()).contains("shown this once").doesNotContain(token);

    assertThat(app.http.get("/api/v2/repositories", token).status()).isEqualTo(200);
    assertThat(app.http.post("/api/v2/users/me/api-token", token, "").json().get("id").asText())
        .isEqualTo(id);
  }

  @Test
  void rotates_a_token_the_old_one_is_refused_the_new_one_works() {
    Cli.Result created = Cli.run(Cli.envOf(app), "users", "create", "dave");
    String id = group(ID, created.out());
    String old = group(TOKEN, created.out());

    Cli.Result rotated = Cli.run(Cli.envOf(app), "users", "token-rotate", id);
    assertThat(rotated.status()).as(rotated.toString()).isZero();
    String fresh = group(TOKEN, rotated.out());
    assertThat(fresh).isNotEqualTo(old);
    assertThat(rotated.all()).doesNotContain(old);
    assertThat(app.http.get("/api/v2/repositories", old).status()).isEqualTo(401);
    assertThat(app.http.get("/api/v2/repositories", fresh).status()).isEqualTo(200);
  }

  @Test
  void refuses_an_unknown_user_and_a_blank_name() {
    Cli.Result unknown = Cli.run(Cli.envOf(app), "users", "token-rotate", "usr_nobody");
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.err()).contains("no user with id usr_nobody");
    assertThat(unknown.out()).doesNotContain("api_token");
    Cli.Result blank = Cli.run(Cli.envOf(app), "users", "create", "   ");
    assertThat(blank.status()).isEqualTo(2);
    assertThat(blank.err()).contains("'name' must not be blank");
    Cli.Result tooLong = Cli.run(Cli.envOf(app), "users", "create", "x".repeat(101));
    assertThat(tooLong.status()).isEqualTo(2);
  }

  /**
   * With the embedded database the command joins the PostgreSQL a running server holds (a second
   * PostgreSQL cannot start on its data directory), using the server's key file.
   */
  @Test
  void on_the_embedded_database_it_joins_the_running_servers(@TempDir Path tmp) {
    Path data = tmp.resolve("data");
    int port = ServerProcess.freePort();
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "PORT",
                Integer.toString(port),
                "HOOKKEEPER_DATA_DIR",
                data.toString(),
                "HOOKKEEPER_ADMIN_TOKEN",
                TestApp.ADMIN_TOKEN));
    try (ServerProcess server = new ServerProcess(env, tmp.resolve("server.log"))) {
      server.start(Duration.ofSeconds(90));
      Cli.Result created =
          Cli.run(Map.of("HOOKKEEPER_DATA_DIR", data.toString()), "users", "create", "erin");
      assertThat(created.status()).as(created.toString()).isZero();
      String token = group(TOKEN, created.out());
      assertThat(new Http(server.url()).get("/api/v2/repositories", token).status()).isEqualTo(200);
      assertThat(server.stop(Duration.ofSeconds(30)))
          .as("exit status after SIGTERM")
          .isEqualTo(128 + 15);
    }
  }

  private static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as(pattern + " in:\n" + text).isTrue();
    return m.group(1);
  }
}
