package dev.hookkeeper.app.healing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestDatabase;
import dev.hookkeeper.github.simulator.FiredRun;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.simulator.FiredPipeline;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 12's acceptance, on both providers, with the server as a child process: the server is
 * stopped; each provider fires 5 failing and 5 successful runs at it, none of which can be
 * delivered (GitLab disables the hook after 4 failures and stops even trying); the server starts;
 * within one reconcile interval all 10 runs are in the delivery log, the incidents equal those of
 * the same runs fired at a twin repository while the server was up, and nothing was processed twice
 * (the same run updates and incident notifications as the twin's, no more).
 */
class RecoveryAcceptanceTest {
  /**
   * The order the runs are fired in: F F S F S S F F S S (three incidents, two of two failures).
   */
  private static final boolean[] SUCCESSES = {
    false, false, true, false, true, true, false, false, true, true
  };

  /**
   * Recovery took 22 s after a 3 s start on the loaded build machine: room for a machine 3 times
   * slower.
   */
  private static final Duration INTERVAL = Duration.ofSeconds(120);

  private static final Duration START = Duration.ofSeconds(90);
  private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  private GitHubSimulator github;
  private GitLabSimulator gitlab;
  private ServerProcess server;
  private String databaseUrl;
  private Http http;

  @BeforeEach
  void start() throws Exception {
    github = GitHubSimulator.start();
    gitlab = GitLabSimulator.start();
    github.addUser("alice", TestApp.ALICE_GH, List.of("repo", "admin:repo_hook"));
    gitlab.addUser("alice-gl", TestApp.ALICE_GL);
    for (String repo : List.of("recover/down", "recover/twin")) {
      github.addRepository(repo, repo.endsWith("down") ? 7101L : 7102L, true, "main");
      github.grant("alice", repo, GitHubSimulator.Role.ADMIN);
      gitlab.addProject(repo);
      gitlab.grant("alice-gl", repo, GitLabSimulator.Role.MAINTAINER);
    }
    databaseUrl = TestDatabase.freshDatabaseUrl();
    Path dir = Files.createDirectories(Path.of("target", "recovery-" + System.nanoTime()));
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
                gitlab.baseUrl(),
                "HOOKKEEPER_RECONCILE_INTERVAL",
                INTERVAL.toSeconds() + "s"));
    env.put("HOOKKEEPER_SHUTDOWN_GRACE", "0s");
    server = new ServerProcess(env, dir.resolve("server.log"));
    server.start(START);
    http = new Http(server.url());
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (github != null) github.close();
    if (gitlab != null) gitlab.close();
  }

  @Test
  void
      runs_fired_while_the_server_was_down_are_recovered_within_one_interval_as_if_it_had_been_up() {
    Reply created = http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{\"name\": \"alice\"}");
    String token = created.json().get("api_token").asText();
    assertThat(
            http.put(
                    "/api/v2/providers/github/token",
                    token,
                    "{\"access_token\": \"" + TestApp.ALICE_GH + "\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            http.put(
                    "/api/v2/providers/gitlab/token",
                    token,
                    "{\"access_token\": \"" + TestApp.ALICE_GL + "\"}")
                .status())
        .isEqualTo(200);
    Map<String, String> conn = new TreeMap<>();
    for (String provider : List.of("github", "gitlab")) {
      for (String repo : List.of("recover/down", "recover/twin"))
        conn.put(provider + " " + repo, connect(token, repo, provider));
    }

    // the twins: the same runs, fired while the server is up
    List<Long> githubTwin = fireGitHub("recover/twin");
    List<Long> gitlabTwin = fireGitLab("recover/twin");
    awaitRuns(conn.get("github recover/twin"), 10);
    awaitRuns(conn.get("gitlab recover/twin"), 10);

    assertThat(server.stop(Duration.ofSeconds(30)))
        .as("a graceful stop (SIGTERM)")
        .isIn(0, 128 + 15);
    List<Long> githubDown = fireGitHub("recover/down");
    List<Long> gitlabDown = fireGitLab("recover/down");
    long githubHook = github.hooks("recover/down").get(0).id();
    assertThat(github.deliveries("recover/down", githubHook))
        .filteredOn(d -> d.event().equals("workflow_run"))
        .as("none delivered")
        .hasSize(10)
        .allSatisfy(d -> assertThat(d.status()).isNotEqualTo("OK"));
    assertThat(gitlab.hooks("recover/down").get(0).alertStatus())
        .as("GitLab gave up on the hook")
        .isEqualTo("temporarily_disabled");

    long begin = System.nanoTime();
    server.start(START);
    Duration started = Duration.ofNanos(System.nanoTime() - begin);
    Poll.until(
        INTERVAL,
        () ->
            runs(conn.get("github recover/down")) == 10
                && runs(conn.get("gitlab recover/down")) == 10
                && settled(conn.get("github recover/down"))
                && settled(conn.get("gitlab recover/down")));
    Duration recovered = Duration.ofNanos(System.nanoTime() - begin).minus(started);
    assertThat(recovered)
        .as("all 10 runs of each provider recovered within one reconcile interval of the start")
        .isLessThan(INTERVAL);
    LoggerFactory.getLogger(RecoveryAcceptanceTest.class)
        .info(
            "recovery: server ready in {} ms, 10 + 10 runs"
                + " recovered {} ms after (interval {} s)",
            started.toMillis(),
            recovered.toMillis(),
            INTERVAL.toSeconds());

    for (String provider : List.of("github", "gitlab")) {
      String down = conn.get(provider + " recover/down");
      String twin = conn.get(provider + " recover/twin");
      List<Long> downIds = provider.equals("github") ? githubDown : gitlabDown;
      List<Long> twinIds = provider.equals("github") ? githubTwin : gitlabTwin;
      List<String> expected =
          List.of("resolved [1, 2] by 3", "resolved [4] by 5", "resolved [7, 8] by 9");
      assertThat(incidents(token, twin, twinIds))
          .as(provider + " uninterrupted")
          .isEqualTo(expected);
      assertThat(incidents(token, down, downIds)).as(provider + " recovered").isEqualTo(expected);
      // every run is in the delivery log, each processed, and no run or incident was told twice
      assertThat(deliveredRuns(down))
          .as(provider + " run deliveries in the log")
          .isGreaterThanOrEqualTo(10);
      assertThat(notifications(down))
          .as(provider + " notifications: nothing processed twice")
          .isEqualTo(notifications(twin));
    }
    JsonNode trail =
        http.get(
                "/api/v2/repositories/" + conn.get("gitlab recover/down") + "/webhook/events",
                token)
            .json();
    assertThat(trail.toString()).contains("deliveries_recovered", "reenabled");
    JsonNode githubTrail =
        http.get(
                "/api/v2/repositories/" + conn.get("github recover/down") + "/webhook/events",
                token)
            .json();
    // GitHub logged every attempt: each run's workflow_job and workflow_run were redelivered (and
    // the
    // events it could not deliver meanwhile, if any), none caught up
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "redelivered by the provider: (\\d+); caught up from its" + " runs API: 0")
            .matcher(githubTrail.toString());
    assertThat(m.find()).as("%s", githubTrail).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(20);
  }

  private String connect(String token, String repo, String provider) {
    Reply r =
        http.post(
            "/api/v2/repositories/connect",
            token,
            "{\"repository_full_name\": \"" + repo + "\", \"provider\": \"" + provider + "\"}");
    assertThat(r.status()).as(r.toString()).isIn(200, 201);
    String id = r.json().get("repository").get("id").asText();
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

  private List<Long> fireGitHub(String repo) {
    List<Long> ids = new ArrayList<>();
    for (boolean success : SUCCESSES)
      ids.add(github.fireWorkflowRun(repo, FiredRun.ci(success)).runId());
    return ids;
  }

  private List<Long> fireGitLab(String project) {
    List<Long> ids = new ArrayList<>();
    for (boolean success : SUCCESSES)
      ids.add(gitlab.firePipeline(project, FiredPipeline.ci(success)).pipelineId());
    return ids;
  }

  /**
   * Incidents of the connection as "status [occurrence run positions] by resolving run position",
   * by first run.
   */
  private List<String> incidents(String token, String connection, List<Long> runIds) {
    List<String> out = new ArrayList<>();
    TreeMap<Integer, String> byFirst = new TreeMap<>();
    for (JsonNode i : http.get("/api/v2/incidents?limit=100", token).json().get("items")) {
      if (!i.get("repository_id").asText().equals(connection)) continue;
      List<Integer> occurrences = new ArrayList<>();
      i.get("occurrences")
          .forEach(o -> occurrences.add(runIds.indexOf(o.get("run_id").asLong()) + 1));
      occurrences.sort(null);
      String by =
          i.get("resolved_by").isNull()
              ? ""
              : " by " + (runIds.indexOf(i.get("resolved_by").get("run_id").asLong()) + 1);
      byFirst.put(occurrences.get(0), i.get("status").asText() + " " + occurrences + by);
    }
    out.addAll(byFirst.values());
    return out;
  }

  private void awaitRuns(String connection, int n) {
    Poll.until(Duration.ofSeconds(60), () -> runs(connection) == n && settled(connection));
  }

  /** Completed runs stored for the connection's repository. */
  private long runs(String connection) {
    return count(
        "SELECT count(*) FROM workflow_runs r JOIN connections c ON c.repository_id = r.repository_id"
            + " WHERE c.id = ? AND r.status = 'completed'",
        connection);
  }

  /** Nothing of the connection's repository is waiting in the inbox. */
  private boolean settled(String connection) {
    return count(
            "SELECT count(*) FROM deliveries d JOIN connections c ON c.repository_id = d.repository_id"
                + " WHERE c.id = ? AND d.signature_valid AND d.status = 'received'",
            connection)
        == 0;
  }

  private long deliveredRuns(String connection) {
    return count(
        "SELECT count(*) FROM deliveries d JOIN connections c ON c.repository_id = d.repository_id"
            + " WHERE c.id = ? AND d.signature_valid AND d.event IN ('workflow_run', 'Pipeline Hook')"
            + " AND d.status = 'processed'",
        connection);
  }

  /** How many notifications of each type the connection caused. */
  private Map<String, Long> notifications(String connection) {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(databaseUrl);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT type, count(*) FROM notifications"
                    + " WHERE data->>'connection_id' = ? AND type IN ('incident.opened', 'incident.resolved',"
                    + " 'workflow_run.updated') GROUP BY type")) {
      s.setString(1, connection);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private long count(String sql, String parameter) {
    try (Connection c = DriverManager.getConnection(databaseUrl);
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
