package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole product against the simulated GitHub: connect, ping, a real failing workflow_run,
 * the incident over the API and the live stream, a duplicate, a forgery, the resolving run, two
 * users sharing the repository, a third seeing nothing, and the disconnects deleting the hook.
 */
class GitHubEndToEndTest {
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
  void failing_run_opens_an_incident_for_every_subscriber_and_a_success_resolves_it() {
    TestUser alice = app.gitHubUser("alice", TestApp.ALICE_GH);
    TestUser bob = app.gitHubUser("bob", TestApp.BOB_GH);
    TestUser carol = app.gitHubUser("carol", TestApp.CAROL_GH);

    // connect: exactly one hook, pointing at us, json, our events, with a secret
    Reply connected = app.http.post("/api/v2/repositories/connect", alice.token(),
        "{\"repository_full_name\": \"" + TestApp.GH_REPO + "\"}");
    assertThat(connected.status()).isEqualTo(201);
    JsonNode repo = connected.json().get("repository");
    assertThat(connected.json().get("success").asBoolean()).isTrue();
    assertThat(repo.get("id").asText()).startsWith("conn_");
    assertThat(repo.get("provider").asText()).isEqualTo("github");
    assertThat(repo.get("repository_full_name").asText()).isEqualTo(TestApp.GH_REPO);
    assertThat(repo.get("webhook_error").isNull()).isTrue();
    String aliceConn = repo.get("id").asText();
    List<GitHubSimulator.SimulatedHook> hooks = app.github.hooks(TestApp.GH_REPO);
    assertThat(hooks).hasSize(1);
    GitHubSimulator.SimulatedHook hook = hooks.get(0);
    assertThat(hook.url()).isEqualTo(app.server.webhookBaseUrl() + "/api/v2/webhooks/github");
    assertThat(hook.contentType()).isEqualTo("json");
    assertThat(hook.events()).containsExactlyInAnyOrderElementsOf(AppConfig.DEFAULT_GITHUB_EVENTS);
    assertThat(hook.secret()).isNotBlank();

    // the simulator's ping marks the hook active
    Poll.until(WAIT, () -> "active".equals(status(alice, aliceConn).get("status").asText()));
    JsonNode status = status(alice, aliceConn);
    assertThat(status.get("webhook_id").asText()).isEqualTo(Long.toString(hook.id()));
    assertThat(status.get("total_deliveries").asLong()).isEqualTo(1);

    // a second user joins the same hook; a third connects elsewhere
    Reply joined = app.http.post("/api/v2/repositories/connect", bob.token(),
        "{\"repository_full_name\": \"" + TestApp.GH_REPO + "\", \"provider\": \"github\"}");
    assertThat(joined.status()).isEqualTo(201);
    String bobConn = joined.json().get("repository").get("id").asText();
    assertThat(bobConn).isNotEqualTo(aliceConn);
    assertThat(app.github.hooks(TestApp.GH_REPO)).hasSize(1);
    app.connectActive(carol, TestApp.GH_OTHER_REPO, "github");

    try (SseStream aliceStream = SseStream.open(app.url() + "/api/v2/events", alice.token(), null);
        SseStream bobStream = SseStream.open(app.url() + "/api/v2/events", bob.token(), null)) {
      assertThat(aliceStream.status()).isEqualTo(200);
      assertThat(aliceStream.header("Content-Type")).startsWith("text/event-stream");

      // a real failing workflow_run, signed by the simulator
      Instant t0 = Instant.now().minusSeconds(600);
      byte[] failure = Payloads.githubRun(1001L, "failure", t0);
      List<GitHubSimulator.SimulatedDelivery> sent = app.github.deliver(TestApp.GH_REPO, "workflow_run", failure);
      assertThat(sent).extracting(GitHubSimulator.SimulatedDelivery::statusCode).containsExactly(202);

      SseStream.Event opened = aliceStream.nextOfType("incident.opened", WAIT);
      assertThat(opened.id()).isNotBlank();
      assertThat(bobStream.nextOfType("incident.opened", WAIT).json().get("type").asText())
          .isEqualTo("incident.opened");
      JsonNode incidents = app.http.get("/api/v2/incidents?status=open", alice.token()).json();
      assertThat(incidents.get("items")).hasSize(1);
      assertThat(incidents.has("next_cursor")).isTrue();
      JsonNode incident = incidents.get("items").get(0);
      assertThat(incident.get("id").asText()).startsWith("inc_");
      assertThat(incident.get("repository_id").asText()).isEqualTo(aliceConn);
      assertThat(incident.get("branch").asText()).isEqualTo("main");
      assertThat(incident.get("status").asText()).isEqualTo("open");
      assertThat(app.http.get("/api/v2/incidents", bob.token()).json().get("items")).hasSize(1);
      assertThat(app.http.get("/api/v2/incidents", carol.token()).json().get("items")).isEmpty();
      String incidentId = incident.get("id").asText();
      assertThat(app.http.get("/api/v2/incidents/" + incidentId, carol.token()).status()).isEqualTo(404);
      JsonNode detail = app.http.get("/api/v2/incidents/" + incidentId, alice.token()).json();
      assertThat(detail.get("run_url").asText()).endsWith("/actions/runs/1001");
      assertThat(detail.get("occurrence_count").asInt()).isEqualTo(1);
      assertThat(detail.has("failed_jobs")).isTrue();

      // the same delivery again (same GUID, validly signed) changes nothing
      String guid = sent.get(0).guid();
      Reply duplicate = post(failure, guid, Payloads.githubSignature(hook.secret(), failure), hook.id());
      assertThat(duplicate.status()).isEqualTo(200);
      assertThat(duplicate.json().get("status").asText()).isEqualTo("duplicate");
      assertThat(app.http.get("/api/v2/incidents/" + incidentId, alice.token()).json()
          .get("occurrence_count").asInt()).isEqualTo(1);

      // a forgery is refused and logged on the hook's delivery log with its reason
      Reply forged = post(failure, "forged-guid", Payloads.githubSignature("not-the-secret", failure), hook.id());
      assertThat(forged.status()).isEqualTo(401);
      assertThat(forged.json().get("error").asText()).isEqualTo("unauthenticated");
      // refusals are written in batches, within about a second
      Poll.until(WAIT, () -> app.http.get("/api/v2/repositories/" + aliceConn + "/deliveries", alice.token()).json()
          .get("items").findValues("signature_valid").stream().anyMatch(v -> !v.asBoolean()));
      JsonNode log = app.http.get("/api/v2/repositories/" + aliceConn + "/deliveries", alice.token()).json();
      assertThat(log.get("items")).anySatisfy(e -> {
        assertThat(e.get("status").asText()).isEqualTo("rejected");
        assertThat(e.get("signature_valid").asBoolean()).isFalse();
        assertThat(e.get("signature_reason").asText()).isEqualTo("signature_mismatch");
      });
      assertThat(log.get("items")).filteredOn(e -> guid.equals(e.path("delivery_id").asText())).hasSize(1);
      JsonNode one = app.http.get("/api/v2/repositories/" + aliceConn + "/deliveries/" + guid, alice.token()).json();
      assertThat(one.get("event").asText()).isEqualTo("workflow_run");
      assertThat(one.get("body").asText()).contains("\"conclusion\":\"failure\"");
      assertThat(one.get("headers").get("x-hub-signature-256").get(0).asText()).isEqualTo("[present]");

      // a later success on the same workflow and branch resolves it, for both users
      byte[] success = Payloads.githubRun(1002L, "success", t0.plusSeconds(300));
      assertThat(app.github.deliver(TestApp.GH_REPO, "workflow_run", success))
          .extracting(GitHubSimulator.SimulatedDelivery::statusCode).containsExactly(202);
      assertThat(aliceStream.nextOfType("incident.resolved", WAIT).json().get("data")).isNotNull();
      JsonNode resolved = app.http.get("/api/v2/incidents/" + incidentId, alice.token()).json();
      assertThat(resolved.get("status").asText()).isEqualTo("resolved");
      assertThat(resolved.get("resolved_by").get("run_id").asLong()).isEqualTo(1002L);
      assertThat(resolved.get("resolved_by").get("run_number").asLong()).isEqualTo(1002L);
      assertThat(resolved.get("resolved_by").fieldNames()).toIterable()
          .containsExactly("run_id", "attempt", "run_number", "url");
      assertThat(app.http.get("/api/v2/incidents?status=resolved", bob.token()).json().get("items")).hasSize(1);

      JsonNode runs = app.http.get("/api/v2/workflow-runs?repository_id=" + aliceConn, alice.token()).json();
      assertThat(runs.get("items")).extracting(r -> r.get("run_id").asLong()).contains(1001L, 1002L);
      assertThat(app.http.get("/api/v2/workflow-runs?repository_id=" + aliceConn, carol.token()).status())
          .isEqualTo(404);
    }

    // disconnects: the hook stays while bob is connected, and goes with the last connection
    Reply first = app.http.delete("/api/v2/repositories/" + aliceConn + "/disconnect", alice.token());
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("success").asBoolean()).isTrue();
    assertThat(first.json().get("webhook_deleted").asBoolean()).isFalse();
    assertThat(app.github.hooks(TestApp.GH_REPO)).hasSize(1);
    Reply last = app.http.delete("/api/v2/repositories/" + bobConn + "/disconnect", bob.token());
    assertThat(last.json().get("webhook_deleted").asBoolean()).isTrue();
    assertThat(app.github.hooks(TestApp.GH_REPO)).isEmpty();
    assertThat(app.http.get("/api/v2/repositories", bob.token()).json().get("items")).isEmpty();

    String metrics = app.http.get("/metrics", null).body();
    assertThat(metrics).contains(
        "hookkeeper_deliveries_total{event=\"workflow_run\",outcome=\"received\",provider=\"github\"} 2.0",
        "hookkeeper_deliveries_total{event=\"workflow_run\",outcome=\"duplicate\",provider=\"github\"} 1.0",
        "hookkeeper_ingest_latency_seconds_bucket{outcome=\"received\",provider=\"github\"",
        "hookkeeper_inbox_settled_total{outcome=\"processed\"}",
        "hookkeeper_inbox_lag_seconds_bucket",
        "hookkeeper_inbox_pending ",
        "hookkeeper_signature_failures_total{provider=\"github\"}",
        "hookkeeper_incidents_opened_total 2.0",
        "hookkeeper_incidents_resolved_total 2.0",
        "hookkeeper_hook_creations_total{outcome=\"pending\",provider=\"github\"}");
  }

  private static JsonNode status(TestUser user, String conn) {
    return app.http.get("/api/v2/repositories/" + conn + "/webhook/status", user.token()).json();
  }

  private static Reply post(byte[] body, String guid, String signature, long hookId) {
    return app.http.send(app.http.request("/api/v2/webhooks/github", null)
        .header("Content-Type", "application/json")
        .header("X-GitHub-Event", "workflow_run")
        .header("X-GitHub-Delivery", guid)
        .header("X-GitHub-Hook-ID", Long.toString(hookId))
        .header("X-Hub-Signature-256", signature)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }
}
