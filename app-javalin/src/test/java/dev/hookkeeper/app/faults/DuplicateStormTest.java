package dev.hookkeeper.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.AppConfig;
import dev.hookkeeper.app.ClusterSettings;
import dev.hookkeeper.app.RunningServer;
import dev.hookkeeper.app.Wiring;
import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestDatabase;
import dev.hookkeeper.core.usecase.RetentionPolicy;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One delivery sent ten times at once, then again after the server restarted on the same database:
 * one stored delivery, one incident occurrence, one incident.opened notification. TestApp cannot
 * restart, so this class wires its own server twice from one {@link AppConfig}.
 */
class DuplicateStormTest {
  private static final int STORM = 10;
  private static GitHubSimulator github;
  private static GitLabSimulator gitlab;
  private static Path dataDir;
  private static AppConfig config;
  private static RunningServer server;

  @BeforeAll
  static void start() throws IOException {
    github = GitHubSimulator.start();
    github.addRepository(TestApp.GH_REPO, TestApp.GH_REPO_ID, true, "main");
    github.addUser("alice", TestApp.ALICE_GH, List.of("repo", "admin:repo_hook"));
    github.grant("alice", TestApp.GH_REPO, GitHubSimulator.Role.ADMIN);
    gitlab = GitLabSimulator.start();
    dataDir = Files.createTempDirectory("hookkeeper-duplicate-storm");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    config = new AppConfig("127.0.0.1", 0, TestDatabase.freshDatabaseUrl(), dataDir, null,
        Base64.getEncoder().encodeToString(key), List.of(), TestApp.ADMIN_TOKEN, github.baseUrl(), gitlab.baseUrl(),
        AppConfig.DEFAULT_GITHUB_EVENTS, AppConfig.DEFAULT_GITLAB_EVENTS, "text", RetentionPolicy.DEFAULTS, ClusterSettings.DEFAULTS);
    server = Wiring.start(config);
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) server.close();
    github.close();
    gitlab.close();
    try (var paths = Files.walk(dataDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void ten_concurrent_copies_and_a_redelivery_after_restart_make_one_delivery_and_one_effect() throws Exception {
    Http http = new Http(server.localUrl());
    Reply user = http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{\"name\": \"alice\"}");
    String token = user.json().get("api_token").asText();
    assertThat(http.put("/api/v2/providers/github/token", token,
        "{\"access_token\": \"" + TestApp.ALICE_GH + "\"}").status()).isEqualTo(200);
    String conn = http.post("/api/v2/repositories/connect", token,
        "{\"repository_full_name\": \"" + TestApp.GH_REPO + "\"}").json().get("repository").get("id").asText();
    Poll.until(Duration.ofSeconds(10), () -> "active".equals(
        http.get("/api/v2/repositories/" + conn + "/webhook/status", token).json().get("status").asText()));
    GitHubSimulator.SimulatedHook hook = github.hooks(TestApp.GH_REPO).get(0);
    byte[] body = Payloads.githubRun(31_337L, "failure", Instant.now().minusSeconds(300));
    String guid = "storm-" + System.nanoTime();

    List<Reply> storm = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(STORM);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Reply>> sent = new ArrayList<>();
      for (int i = 0; i < STORM; i++) {
        sent.add(pool.submit(() -> {
          go.await();
          return deliver(http, hook, guid, body);
        }));
      }
      go.countDown();
      for (Future<Reply> f : sent) storm.add(f.get());
    } finally {
      pool.shutdownNow();
    }
    assertThat(storm).allSatisfy(r -> assertThat(r.status()).isIn(200, 202));
    assertThat(storm).filteredOn(r -> r.body().equals("{\"status\":\"received\"}"))
        .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(202));
    assertThat(storm).filteredOn(r -> r.body().equals("{\"status\":\"duplicate\"}")).hasSize(STORM - 1);
    assertOneDeliveryAndOneEffect(http, token, conn, guid);

    // the same database, a new server process-equivalent: the duplicate is still recognised
    server.close();
    server = Wiring.start(config);
    Http restarted = new Http(server.localUrl());
    Reply again = deliver(restarted, hook, guid, body);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo("{\"status\":\"duplicate\"}");
    assertOneDeliveryAndOneEffect(restarted, token, conn, guid);
  }

  private static void assertOneDeliveryAndOneEffect(Http http, String token, String conn, String guid)
      throws InterruptedException {
    Poll.until(Duration.ofSeconds(30), () -> http.get("/api/v2/repositories/" + conn + "/deliveries/" + guid, token)
        .json().get("status").asText().equals("processed"));
    JsonNode log = http.get("/api/v2/repositories/" + conn + "/deliveries?limit=200", token).json().get("items");
    List<JsonNode> entries = new ArrayList<>();
    log.forEach(e -> {
      if (guid.equals(e.path("delivery_id").asText())) entries.add(e);
    });
    assertThat(entries).singleElement()
        .satisfies(e -> assertThat(e.get("status").asText()).isEqualTo("processed"));
    JsonNode incidents = http.get("/api/v2/incidents", token).json().get("items");
    assertThat(incidents).hasSize(1);
    assertThat(incidents.get(0).get("occurrence_count").asInt()).isEqualTo(1);
    JsonNode runs = http.get("/api/v2/workflow-runs?repository_id=" + conn, token).json().get("items");
    assertThat(runs).filteredOn(r -> r.get("run_id").asLong() == 31_337L).hasSize(1);
    // the durable notifications, replayed from the start: exactly one incident.opened
    try (SseStream stream = SseStream.open(http.base() + "/api/v2/events", token, "0")) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.nextOfType("incident.opened", Duration.ofSeconds(5)).json().get("type").asText())
          .isEqualTo("incident.opened");
      // a second one would be replayed right behind the first; give it a moment to arrive
      Thread.sleep(300);
      assertThat(stream.drain()).noneMatch(e -> "incident.opened".equals(e.event()));
    }
  }

  private static Reply deliver(Http http, GitHubSimulator.SimulatedHook hook, String guid, byte[] body) {
    return http.send(http.request("/api/v2/webhooks/github", null)
        .header("Content-Type", "application/json")
        .header("X-GitHub-Event", "workflow_run")
        .header("X-GitHub-Delivery", guid)
        .header("X-GitHub-Hook-ID", Long.toString(hook.id()))
        .header("X-Hub-Signature-256", Payloads.githubSignature(hook.secret(), body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }
}
