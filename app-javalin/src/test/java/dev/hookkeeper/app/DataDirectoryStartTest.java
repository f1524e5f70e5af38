package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code Main} as a child process on an embedded database, with the production logging
 * configuration, its console and log captured as one stream (as a container runtime keeps them):
 * the secrets it generates go to files readable by their owner only and never to that stream, and a
 * damaged key file stops the start with one line.
 */
class DataDirectoryStartTest {
  private static final Duration FIRST_START = Duration.ofSeconds(90); // initdb included
  private static final Duration STOP = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void the_generated_secrets_are_in_owner_only_files_and_the_console_says_where_not_what() throws Exception {
    Path data = tmp.resolve("data");
    int port = ServerProcess.freePort();
    Path log = tmp.resolve("server.log");
    ServerProcess text = server(data, port, log, Map.of("LOG_FORMAT", "text"));
    String token;
    try {
      text.start(FIRST_START);
      Path tokenFile = data.resolve(DataDirectory.ADMIN_TOKEN_FILE);
      token = Files.readString(tokenFile).strip();
      String firstOutput = text.outputOfLastStart();
      assertThat(firstOutput).contains("Generated an admin token, in " + tokenFile);
      assertThat(createUser(text, token).status()).isEqualTo(201);
      assertThat(text.stop(STOP)).as("exit status after SIGTERM").isEqualTo(128 + 15);
      assertNoSecretIn(text.outputOfLastStart(), data, token);
    } finally {
      text.close();
    }
    for (String file : List.of(DataDirectory.ADMIN_TOKEN_FILE, DataDirectory.KEY_FILE, "postgres.password")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(file))))
          .as(file).isEqualTo("rw-------");
    }

    // a restart, with the most verbose logging, keeps the token and still never shows it
    ServerProcess json = server(data, port, log, Map.of("LOG_FORMAT", "json", "LOG_LEVEL", "DEBUG"));
    try {
      json.start(FIRST_START);
      assertThat(createUser(json, token).status()).isEqualTo(201);
      assertThat(json.stop(STOP)).isEqualTo(128 + 15);
      String output = json.outputOfLastStart();
      assertThat(output).doesNotContain("Generated an admin token").contains(DataDirectory.ADMIN_TOKEN_FILE);
      assertNoSecretIn(output, data, token);
    } finally {
      json.close();
    }
  }

  @Test
  void an_empty_key_file_stops_the_start_with_one_line_and_is_left_as_it_is() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Path keyFile = data.resolve(DataDirectory.KEY_FILE);
    Files.writeString(keyFile, "");
    ServerProcess server = server(data, ServerProcess.freePort(), tmp.resolve("server.log"), Map.of());
    try {
      int status = server.runToExit(Duration.ofSeconds(60));
      List<String> lines = server.outputOfLastStart().lines().toList();
      assertThat(status).isEqualTo(1);
      assertThat(lines).as("the whole output").singleElement().asString()
          .startsWith("Hookkeeper cannot start: " + keyFile + " is empty");
      assertThat(Files.readString(keyFile)).isEmpty();
      assertThat(data.resolve("postgres")).as("no database created beside a damaged key").doesNotExist();
    } finally {
      server.close();
    }
  }

  private static ServerProcess server(Path data, int port, Path log, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of(
        "HOST", "127.0.0.1",
        "PORT", Integer.toString(port),
        // https, so that the start logs no warning about it
        "WEBHOOK_BASE_URL", "https://hooks.example.test",
        "HOOKKEEPER_DATA_DIR", data.toAbsolutePath().toString(),
        "GITHUB_API_URL", "http://127.0.0.1:9",
        "GITLAB_URL", "http://127.0.0.1:9"));
    env.putAll(extra);
    return new ServerProcess(env, log, List.of(ServerProcess.PRODUCTION_LOGGING));
  }

  private static Reply createUser(ServerProcess server, String adminToken) {
    return new Http(server.url()).post("/api/v2/admin/users", adminToken, "{\"name\": \"alice\"}");
  }

  private static void assertNoSecretIn(String output, Path data, String token) throws Exception {
    assertThat(output).as("the server's output").contains("Hookkeeper listening on port");
    assertThat(token).hasSizeGreaterThan(20);
    assertThat(output).as("output holds the admin token").doesNotContain(token);
    String key = Files.readString(data.resolve(DataDirectory.KEY_FILE)).strip();
    assertThat(output).as("output holds the encryption key").doesNotContain(key);
    String password = Files.readString(data.resolve("postgres.password")).strip();
    assertThat(password).hasSizeGreaterThan(20);
    assertThat(output).as("output holds the database password").doesNotContain(password);
  }
}
