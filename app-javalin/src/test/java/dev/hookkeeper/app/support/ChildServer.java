package dev.hookkeeper.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real server as a child process ({@link ServerProcess}) on a fresh database of the test JVM's
 * PostgreSQL, with the GitHub simulator, one user (alice) and her repository connected, its hook
 * active: the set-up shared by the fault tests that must watch the server from outside (its RSS,
 * its answers while PostgreSQL is gone, a {@code kill -9}).
 */
public final class ChildServer implements AutoCloseable {
  private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // bytes 0..31

  public final GitHubSimulator github;
  public final ServerProcess server;
  public final String databaseUrl;
  private String token;
  private String repositoryId;

  /**
   * @param name the directory under {@code target/} for the log and data directory
   * @param jvmOptions the server's JVM options after {@link ServerProcess#QUICK_START}
   */
  public ChildServer(String name, List<String> jvmOptions, Map<String, String> extraEnv) {
    this(name, ServerProcess.QUICK_START, jvmOptions, extraEnv);
  }

  /**
   * @param baseOptions heap, JIT and GC options, e.g. {@link ServerProcess#README_OPTIONS}
   */
  public ChildServer(
      String name,
      List<String> baseOptions,
      List<String> jvmOptions,
      Map<String, String> extraEnv) {
    github = GitHubSimulator.start();
    github.addRepository(TestApp.GH_REPO, TestApp.GH_REPO_ID, true, "main");
    github.addUser("alice", TestApp.ALICE_GH, List.of("repo", "admin:repo_hook"));
    github.grant("alice", TestApp.GH_REPO, GitHubSimulator.Role.ADMIN);
    databaseUrl = TestDatabase.freshDatabaseUrl();
    try {
      Path dir = Files.createDirectories(Path.of("target", name));
      Path logFile = dir.resolve("server.log");
      Files.deleteIfExists(logFile);
      int port = ServerProcess.freePort();
      Map<String, String> env =
          new HashMap<>(
              Map.of(
                  "HOST",
                  "127.0.0.1",
                  "PORT",
                  Integer.toString(port),
                  "DATABASE_URL",
                  databaseUrl,
                  "WEBHOOK_BASE_URL",
                  "http://127.0.0.1:" + port,
                  "WEBHOOK_SECRET_ENCRYPTION_KEY",
                  KEY,
                  "HOOKKEEPER_ADMIN_TOKEN",
                  TestApp.ADMIN_TOKEN,
                  "HOOKKEEPER_DATA_DIR",
                  dir.resolve("data").toAbsolutePath().toString(),
                  "GITHUB_API_URL",
                  github.baseUrl(),
                  "GITLAB_URL",
                  "http://127.0.0.1:9",
                  "LOG_FORMAT",
                  "text"));
      env.putAll(extraEnv);
      server = new ServerProcess(env, logFile, baseOptions, jvmOptions);
    } catch (IOException e) {
      github.close();
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts the server, creates alice, stores her token, connects the repository, waits for the hook
   * to be active.
   */
  public GitHubSimulator.SimulatedHook startConnected(Duration startTimeout) {
    server.start(startTimeout);
    Http http = new Http(server.url());
    Reply user = http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{\"name\": \"alice\"}");
    assertThat(user.status()).as(user.toString()).isEqualTo(201);
    token = user.json().get("api_token").asText();
    assertThat(
            http.put(
                    "/api/v2/providers/github/token",
                    token,
                    "{\"access_token\": \"" + TestApp.ALICE_GH + "\"}")
                .status())
        .isEqualTo(200);
    Reply connected =
        http.post(
            "/api/v2/repositories/connect",
            token,
            "{\"repository_full_name\": \"" + TestApp.GH_REPO + "\", \"provider\": \"github\"}");
    assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
    repositoryId = connected.json().get("repository").get("id").asText();
    Poll.until(
        Duration.ofSeconds(30),
        () ->
            "active"
                .equals(
                    http.get("/api/v2/repositories/" + repositoryId + "/webhook/status", token)
                        .json()
                        .get("status")
                        .asText()));
    return github.hooks(TestApp.GH_REPO).get(0);
  }

  public Http http() {
    return new Http(server.url());
  }

  public String token() {
    return token;
  }

  public String repositoryId() {
    return repositoryId;
  }

  /** One number from the database, e.g. a count. */
  public long queryLong(String sql) {
    try (Connection c = DriverManager.getConnection(databaseUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Deliveries still waiting for their effects. */
  public long pendingInInbox() {
    return queryLong("SELECT count(*) FROM deliveries WHERE status = 'received'");
  }

  /**
   * delivery_id → status of the authentic deliveries whose delivery id starts with {@code prefix}.
   */
  public Map<String, String> deliveryStatuses(String prefix) {
    Map<String, String> stored = new HashMap<>();
    try (Connection c = DriverManager.getConnection(databaseUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT delivery_id, status FROM deliveries WHERE signature_valid"
                    + " AND delivery_id LIKE '"
                    + prefix.replace("'", "''")
                    + "%'")) {
      while (rs.next()) stored.merge(rs.getString(1), rs.getString(2), (a, b) -> a + "+" + b);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return stored;
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      github.close();
    }
  }
}
