package dev.hookkeeper.app.healing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.AppConfig;
import dev.hookkeeper.app.support.HookTrail;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.github.simulator.FiredRun;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.simulator.FiredPipeline;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Secret rotation with no lost delivery, on both providers: asked for through the API (every
 * connected user told), both secrets accepted for the grace period and only the new one after it
 * (GitLab finds the hook by either token meanwhile); and rotated by itself once older than {@code
 * HOOKKEEPER_SECRET_MAX_AGE}.
 */
class SecretLifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofSeconds(4);
  private static final AtomicLong RUNS = new AtomicLong(70_000);

  @Test
  void
      a_rotated_secret_is_accepted_beside_the_old_one_for_the_grace_period_then_alone_on_both_providers() {
    try (TestApp app =
        TestApp.start(
            new AppConfig.HealingConfig(
                Duration.ofHours(1), GRACE, Duration.ZERO, Duration.ofHours(24)))) {
      TestUser alice = app.gitHubUser("alice", TestApp.ALICE_GH);
      TestUser bob = app.gitHubUser("bob", TestApp.BOB_GH);
      String ghConn = app.connectActive(alice, TestApp.GH_REPO, "github");
      app.connectActive(bob, TestApp.GH_REPO, "github");
      assertThat(
              app.http
                  .put(
                      "/api/v2/providers/gitlab/token",
                      alice.token(),
                      "{\"access_token\": \"" + TestApp.ALICE_GL + "\"}")
                  .status())
          .isEqualTo(200);
      String glConn = app.connectActive(alice, TestApp.GL_PROJECT, "gitlab");

      GitHubSimulator.SimulatedHook ghBefore = app.github.hooks(TestApp.GH_REPO).get(0);
      String glBefore = app.gitlab.hooks(TestApp.GL_PROJECT).get(0).token();
      JsonNode ghRotated;
      try (SseStream aliceLive = SseStream.open(app.url() + "/api/v2/events", alice.token(), null);
          SseStream bobLive = SseStream.open(app.url() + "/api/v2/events", bob.token(), null)) {
        ghRotated = rotate(app, alice, ghConn);
        for (SseStream live : new SseStream[] {aliceLive, bobLive}) {
          JsonNode told = live.nextOfType("webhook.repaired", WAIT).json().get("data");
          assertThat(told.get("kind").asText()).isEqualTo("secret_rotated");
          assertThat(told.toString()).doesNotContain(ghBefore.secret());
        }
      }
      JsonNode glRotated = rotate(app, alice, glConn);
      assertThat(ghRotated.get("secret_version").asInt()).isEqualTo(2);
      assertThat(glRotated.get("secret_version").asInt()).isEqualTo(2);
      assertThat(Instant.parse(ghRotated.get("previous_secret_accepted_until").asText()))
          .isAfter(Instant.now().minusSeconds(1))
          .isBefore(Instant.now().plus(GRACE).plusSeconds(5));

      // the provider signs with the new secret now; the old one still verifies, on both
      GitHubSimulator.SimulatedHook ghAfter = app.github.hooks(TestApp.GH_REPO).get(0);
      String glAfter = app.gitlab.hooks(TestApp.GL_PROJECT).get(0).token();
      assertThat(ghAfter.id()).isEqualTo(ghBefore.id());
      assertThat(ghAfter.secret()).isNotEqualTo(ghBefore.secret());
      assertThat(glAfter).isNotEqualTo(glBefore);
      assertThat(app.github.fireWorkflowRun(TestApp.GH_REPO, FiredRun.ci(true)).deliveries())
          .extracting(GitHubSimulator.SimulatedDelivery::statusCode)
          .containsOnly(202);
      assertThat(app.gitlab.firePipeline(TestApp.GL_PROJECT, FiredPipeline.ci(true)).attempts())
          .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(202));
      assertThat(github(app, ghBefore.id(), ghBefore.secret()).status())
          .as("old GitHub secret in the grace")
          .isEqualTo(202);
      assertThat(gitlab(app, glBefore).status()).as("old GitLab token in the grace").isEqualTo(202);

      // after the grace period only the new ones verify
      Poll.until(
          WAIT,
          () ->
              github(app, ghBefore.id(), ghBefore.secret()).status() == 401
                  && gitlab(app, glBefore).status() == 401);
      assertThat(github(app, ghAfter.id(), ghAfter.secret()).status()).isEqualTo(202);
      assertThat(gitlab(app, glAfter).status()).isEqualTo(202);
      for (String conn : new String[] {ghConn, glConn}) {
        assertThat(new HookTrail(app, alice, conn).kinds()).contains("secret_rotated");
        assertThat(
                app.http
                    .get("/api/v2/repositories/" + conn + "/webhook/status", alice.token())
                    .json()
                    .get("secret_version")
                    .asInt())
            .isEqualTo(2);
      }
    }
  }

  @Test
  void secrets_older_than_the_maximum_age_are_rotated_by_themselves_on_both_providers() {
    try (TestApp app =
        TestApp.start(
            new AppConfig.HealingConfig(
                Duration.ofSeconds(2),
                Duration.ofHours(1),
                Duration.ofSeconds(5),
                Duration.ofHours(24)))) {
      TestUser alice = app.gitHubUser("alice", TestApp.ALICE_GH);
      assertThat(
              app.http
                  .put(
                      "/api/v2/providers/gitlab/token",
                      alice.token(),
                      "{\"access_token\": \"" + TestApp.ALICE_GL + "\"}")
                  .status())
          .isEqualTo(200);
      String ghConn = app.connectActive(alice, TestApp.GH_REPO, "github");
      String glConn = app.connectActive(alice, TestApp.GL_PROJECT, "gitlab");
      String ghBefore = app.github.hooks(TestApp.GH_REPO).get(0).secret();
      String glBefore = app.gitlab.hooks(TestApp.GL_PROJECT).get(0).token();

      for (String conn : new String[] {ghConn, glConn}) {
        HookTrail trail = new HookTrail(app, alice, conn);
        JsonNode rotated = trail.await("secret_rotated", WAIT);
        assertThat(rotated.get("detail").asText()).contains("older than");
        assertThat(trail.status().get("secret_version").asInt()).isGreaterThanOrEqualTo(2);
      }
      assertThat(app.github.hooks(TestApp.GH_REPO).get(0).secret()).isNotEqualTo(ghBefore);
      assertThat(app.gitlab.hooks(TestApp.GL_PROJECT).get(0).token()).isNotEqualTo(glBefore);
      // deliveries signed by the providers keep verifying
      assertThat(app.github.fireWorkflowRun(TestApp.GH_REPO, FiredRun.ci(true)).deliveries())
          .extracting(GitHubSimulator.SimulatedDelivery::statusCode)
          .containsOnly(202);
      assertThat(app.gitlab.firePipeline(TestApp.GL_PROJECT, FiredPipeline.ci(true)).attempts())
          .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(202));
    }
  }

  private static JsonNode rotate(TestApp app, TestUser user, String conn) {
    Reply[] last = new Reply[1];
    Poll.until(
        WAIT,
        () -> {
          last[0] =
              app.http.post(
                  "/api/v2/repositories/" + conn + "/webhook/rotate-secret", user.token(), "");
          return last[0].status() != 409;
        });
    assertThat(last[0].status()).as(last[0].toString()).isEqualTo(200);
    return last[0].json();
  }

  /** A signed {@code workflow_run} delivery, as GitHub sends it, with {@code secret}. */
  private static Reply github(TestApp app, long hookId, String secret) {
    byte[] body =
        Payloads.githubRun(
            RUNS.incrementAndGet(), "success", Instant.parse("2026-12-01T10:00:00Z"));
    return app.http.send(
        app.http
            .request("/api/v2/webhooks/github", null)
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "workflow_run")
            .header("X-GitHub-Delivery", UUID.randomUUID().toString())
            .header("X-GitHub-Hook-ID", Long.toString(hookId))
            .header("X-Hub-Signature-256", Payloads.githubSignature(secret, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A {@code Pipeline Hook} delivery, as GitLab sends it, with {@code token}. */
  private static Reply gitlab(TestApp app, String token) {
    String key = UUID.randomUUID().toString();
    byte[] body =
        Payloads.gitlabPipeline(
            app.gitlabProjectId,
            RUNS.incrementAndGet(),
            "success",
            Instant.parse("2026-12-01T10:00:00Z"));
    return app.http.send(
        app.http
            .request("/api/v2/webhooks/gitlab", null)
            .header("Content-Type", "application/json")
            .header("X-Gitlab-Event", "Pipeline Hook")
            .header("X-Gitlab-Token", token)
            .header("Idempotency-Key", key)
            .header("X-Gitlab-Event-UUID", "uuid-" + key)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }
}
