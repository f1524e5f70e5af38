package dev.hookkeeper.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestDatabase;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several Hookkeeper servers, each a child process, on one PostgreSQL database, with a simulated
 * GitHub: what the cluster tests and the cluster benchmark start, kill and inspect.
 */
public final class Cluster implements AutoCloseable {
  static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // bytes 0..31
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  public final GitHubSimulator github;
  public final String databaseUrl;
  final List<ServerProcess> servers = new ArrayList<>();

  Cluster(int instances, Map<String, String> extraEnv) throws IOException {
    this(instances, databaseUrl -> extraEnv);
  }

  /**
   * @param extraEnv given the database's URL, what to add to (or change in) every instance's
   *     environment
   */
  Cluster(int instances, java.util.function.Function<String, Map<String, String>> extraEnv)
      throws IOException {
    this(instances, ServerProcess.QUICK_START, extraEnv);
  }

  /**
   * @param jvmBaseOptions each instance's heap, JIT and GC options, e.g. {@link
   *     ServerProcess#README_OPTIONS} for a benchmark
   */
  public Cluster(
      int instances,
      List<String> jvmBaseOptions,
      java.util.function.Function<String, Map<String, String>> extraEnv)
      throws IOException {
    github = GitHubSimulator.start();
    github.addUser("alice", TestApp.ALICE_GH, List.of("repo", "admin:repo_hook"));
    databaseUrl = TestDatabase.freshDatabaseUrl();
    Path dir = Files.createDirectories(Path.of("target", "cluster-" + System.nanoTime()));
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < instances; i++) ports.add(ServerProcess.freePort());
    for (int i = 0; i < instances; i++) {
      Map<String, String> env =
          new HashMap<>(
              Map.of(
                  "HOST",
                  "127.0.0.1",
                  "PORT",
                  Integer.toString(ports.get(i)),
                  "DATABASE_URL",
                  databaseUrl,
                  // every hook points at the first instance; the tests send deliveries to all of
                  // them
                  "WEBHOOK_BASE_URL",
                  "http://127.0.0.1:" + ports.get(0),
                  "WEBHOOK_SECRET_ENCRYPTION_KEY",
                  KEY,
                  "HOOKKEEPER_ADMIN_TOKEN",
                  TestApp.ADMIN_TOKEN,
                  "HOOKKEEPER_DATA_DIR",
                  dir.resolve("data-" + i).toAbsolutePath().toString(),
                  "GITHUB_API_URL",
                  github.baseUrl(),
                  "GITLAB_URL",
                  "http://127.0.0.1:9",
                  "LOG_FORMAT",
                  "text"));
      env.put("HOOKKEEPER_SHUTDOWN_GRACE", "0s");
      env.putAll(extraEnv.apply(databaseUrl));
      servers.add(
          new ServerProcess(env, dir.resolve("server-" + i + ".log"), jvmBaseOptions, List.of()));
    }
  }

  /** A private repository on the simulated GitHub that alice administers. */
  public void adminRepository(String fullName, long id) {
    github.addRepository(fullName, id, true, "main");
    github.grant("alice", fullName, GitHubSimulator.Role.ADMIN);
  }

  public void startAll() {
    for (ServerProcess s : servers) s.start(START_TIMEOUT);
  }

  public ServerProcess server(int i) {
    return servers.get(i);
  }

  /**
   * A user with alice's GitHub token, created and stored through {@code via}; returns the API
   * token.
   */
  public String user(ServerProcess via, String name) {
    Http http = new Http(via.url());
    Reply user =
        http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{\"name\": \"" + name + "\"}");
    assertThat(user.status()).as(user.toString()).isEqualTo(201);
    String token = user.json().get("api_token").asText();
    assertThat(
            http.put(
                    "/api/v2/providers/github/token",
                    token,
                    "{\"access_token\": \"" + TestApp.ALICE_GH + "\"}")
                .status())
        .isEqualTo(200);
    return token;
  }

  /**
   * Connects {@code repo} through {@code via} and waits for its hook to be active; returns the
   * connection id.
   */
  public String connect(ServerProcess via, String token, String repo) {
    Http http = new Http(via.url());
    Reply connected =
        http.post(
            "/api/v2/repositories/connect",
            token,
            "{\"repository_full_name\": \"" + repo + "\", \"provider\": \"github\"}");
    assertThat(connected.status()).as(connected.toString()).isIn(200, 201);
    String id = connected.json().get("repository").get("id").asText();
    Poll.until(
        Duration.ofSeconds(30),
        () ->
            "active"
                .equals(
                    http.get("/api/v2/repositories/" + id + "/webhook/status", token)
                        .json()
                        .get("status")
                        .asText()));
    return id;
  }

  public long count(String sql) {
    try (Connection c = DriverManager.getConnection(databaseUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public void execute(String sql) {
    try (Connection c = DriverManager.getConnection(databaseUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rows of a query, each as its columns' text. */
  public List<List<String>> rows(String sql) {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(databaseUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) row.add(rs.getString(i));
        out.add(row);
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public String logs() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < servers.size(); i++)
      sb.append("--- server ").append(i).append('\n').append(servers.get(i).logTail());
    return sb.toString();
  }

  @Override
  public void close() {
    for (ServerProcess s : servers) s.close();
    github.close();
  }
}
