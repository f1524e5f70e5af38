package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same product flow against the simulated GitLab: a failed pipeline, token auth, no hook-id header. */
class GitLabEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
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
  void failed_pipeline_opens_an_incident_and_a_successful_one_resolves_it() {
    TestUser alice = gitLabUser("alice", TestApp.ALICE_GL);
    TestUser bob = gitLabUser("bob", TestApp.BOB_GL);
    TestUser outsider = app.createUser("outsider");

    Reply connected = app.http.post("/api/v2/repositories/connect", alice.token(),
        "{\"repository_full_name\": \"" + TestApp.GL_PROJECT + "\", \"provider\": \"gitlab\"}");
    assertThat(connected.status()).isEqualTo(201);
    JsonNode repo = connected.json().get("repository");
    assertThat(repo.get("provider").asText()).isEqualTo("gitlab");
    assertThat(repo.get("webhook_events")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrderElementsOf(AppConfig.DEFAULT_GITLAB_EVENTS);
    String aliceConn = repo.get("id").asText();
    List<GitLabSimulator.Hook> hooks = app.gitlab.hooks(TestApp.GL_PROJECT);
    assertThat(hooks).hasSize(1);
    GitLabSimulator.Hook hook = hooks.get(0);
    assertThat(hook.url()).isEqualTo(app.server.webhookBaseUrl() + "/api/v2/webhooks/gitlab");
    assertThat(hook.token()).isNotBlank();
    assertThat(hook.events()).contains("pipeline_events");

    Reply joined = app.http.post("/api/v2/repositories/connect", bob.token(),
        "{\"repository_full_name\": \"" + TestApp.GL_PROJECT + "\", \"provider\": \"gitlab\"}");
    assertThat(joined.status()).isEqualTo(201);
    String bobConn = joined.json().get("repository").get("id").asText();
    assertThat(app.gitlab.hooks(TestApp.GL_PROJECT)).hasSize(1);
    Reply again = app.http.post("/api/v2/repositories/connect", bob.token(),
        "{\"repository_full_name\": \"" + TestApp.GL_PROJECT + "\", \"provider\": \"gitlab\"}");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("repository").get("id").asText()).isEqualTo(bobConn);

    try (SseStream stream = SseStream.open(app.url() + "/api/v2/events", alice.token(), null)) {
      Instant t0 = Instant.now().minusSeconds(600);
      byte[] failed = Payloads.gitlabPipeline(app.gitlabProjectId, 5001L, "failed", t0);
      assertThat(app.gitlab.deliver(TestApp.GL_PROJECT, "Pipeline Hook", failed))
          .extracting(GitLabSimulator.Attempt::statusCode).containsExactly(202);
      JsonNode opened = stream.nextOfType("incident.opened", WAIT).json();
      assertThat(opened.get("type").asText()).isEqualTo("incident.opened");
      JsonNode incidents = app.http.get("/api/v2/incidents?status=open", alice.token()).json().get("items");
      assertThat(incidents).hasSize(1);
      assertThat(incidents.get(0).get("branch").asText()).isEqualTo("main");
      assertThat(app.http.get("/api/v2/incidents?status=open", bob.token()).json().get("items")).hasSize(1);
      assertThat(app.http.get("/api/v2/incidents", outsider.token()).json().get("items")).isEmpty();
      String incidentId = incidents.get(0).get("id").asText();

      // a resend with the same Idempotency-Key is a duplicate; a wrong token is refused
      byte[] retried = Payloads.gitlabPipeline(app.gitlabProjectId, 5002L, "failed", t0.plusSeconds(60));
      assertThat(post(retried, hook.token(), "key-5002").json().get("status").asText()).isEqualTo("received");
      Reply duplicate = post(retried, hook.token(), "key-5002");
      assertThat(duplicate.status()).isEqualTo(200);
      assertThat(duplicate.json().get("status").asText()).isEqualTo("duplicate");
      Reply forged = post(retried, "glpat-wrong-token", "key-5003");
      assertThat(forged.status()).isEqualTo(401);
      assertThat(forged.body()).isEqualTo(
          "{\"error\":\"unauthenticated\",\"message\":\"the delivery could not be authenticated\"}");
      app.awaitProcessed(alice, aliceConn, "key-5002");
      assertThat(app.http.get("/api/v2/incidents/" + incidentId, alice.token()).json()
          .get("occurrence_count").asInt()).isEqualTo(2);

      byte[] success = Payloads.gitlabPipeline(app.gitlabProjectId, 5003L, "success", t0.plusSeconds(300));
      assertThat(app.gitlab.deliver(TestApp.GL_PROJECT, "Pipeline Hook", success))
          .extracting(GitLabSimulator.Attempt::statusCode).containsExactly(202);
      stream.nextOfType("incident.resolved", WAIT);
      assertThat(app.http.get("/api/v2/incidents/" + incidentId, alice.token()).json().get("status").asText())
          .isEqualTo("resolved");
      // incidents are per user: bob has his own, resolved too, and cannot see alice's
      assertThat(app.http.get("/api/v2/incidents?status=resolved", bob.token()).json().get("items")).hasSize(1);
      assertThat(app.http.get("/api/v2/incidents/" + incidentId, bob.token()).status()).isEqualTo(404);
    }
    JsonNode deliveries = app.http.get("/api/v2/repositories/" + aliceConn + "/deliveries", alice.token()).json();
    assertThat(deliveries.get("items")).filteredOn(d -> "key-5002".equals(d.path("delivery_id").asText())).hasSize(1);

    assertThat(app.http.delete("/api/v2/repositories/" + aliceConn + "/disconnect", alice.token())
        .json().get("webhook_deleted").asBoolean()).isFalse();
    assertThat(app.http.delete("/api/v2/repositories/" + bobConn + "/disconnect", bob.token())
        .json().get("webhook_deleted").asBoolean()).isTrue();
    Poll.until(WAIT, () -> app.gitlab.hooks(TestApp.GL_PROJECT).isEmpty());
  }

  private static TestUser gitLabUser(String name, String token) {
    TestUser user = app.createUser(name);
    Reply stored = app.http.put("/api/v2/providers/gitlab/token", user.token(), "{\"access_token\": \"" + token + "\"}");
    assertThat(stored.status()).isEqualTo(200);
    assertThat(stored.json().get("provider").asText()).isEqualTo("gitlab");
    assertThat(stored.json().get("scopes").isArray()).isTrue();
    return user;
  }

  private static Reply post(byte[] body, String token, String idempotencyKey) {
    return app.http.send(app.http.request("/api/v2/webhooks/gitlab", null)
        .header("Content-Type", "application/json")
        .header("X-Gitlab-Event", "Pipeline Hook")
        .header("X-Gitlab-Token", token)
        .header("Idempotency-Key", idempotencyKey)
        .header("X-Gitlab-Event-UUID", "uuid-" + idempotencyKey)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }
}
