package dev.hookkeeper.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deliveries send} against a started server: a real payload signed with the hook's secret as
 * GitHub or GitLab sign it is stored, authenticated and processed; a redelivery is a duplicate; a
 * wrong secret is refused. The secret never appears in the output.
 */
class SendDeliveryCommandTest {
  private static final Pattern DELIVERY = Pattern.compile("delivery (\\S+),");
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
  void a_signed_github_delivery_is_stored_verified_and_processed(@TempDir Path tmp)
      throws Exception {
    TestUser alice = app.gitHubUser("sender", TestApp.ALICE_GH);
    String connection = app.connectActive(alice, TestApp.GH_REPO, "github");
    GitHubSimulator.SimulatedHook hook = app.github.hooks(TestApp.GH_REPO).get(0);
    Path payload = tmp.resolve("workflow_run.json");
    Files.write(
        payload, Payloads.githubRun(8100L, "failure", Instant.parse("2026-03-01T10:00:00Z")));
    String[] args = {
      "deliveries",
      "send",
      payload.toString(),
      "--provider",
      "github",
      "--event",
      "workflow_run",
      "--url",
      app.url() + "/api/v2/webhooks/github",
      "--secret",
      hook.secret(),
      "--hook-id",
      Long.toString(hook.id())
    };

    Cli.Result sent = Cli.run(Map.of(), args);

    assertThat(sent.status()).as(sent.toString()).isZero();
    assertThat(sent.out()).contains("202 {\"status\":\"received\"}");
    assertThat(sent.all()).doesNotContain(hook.secret());
    String deliveryId = group(DELIVERY, sent.out());
    JsonNode stored = app.awaitProcessed(alice, connection, deliveryId);
    assertThat(stored.get("status").asText()).isEqualTo("processed");
    assertThat(stored.get("event").asText()).isEqualTo("workflow_run");
    assertThat(stored.get("headers").get("user-agent").get(0).asText())
        .startsWith("GitHub-Hookshot/");
    assertThat(stored.get("headers").get("x-hub-signature-256").get(0).asText())
        .isEqualTo("[present]");
    JsonNode logged =
        app.http
            .get(
                "/api/v2/repositories/" + connection + "/deliveries?event=workflow_run",
                alice.token())
            .json()
            .get("items")
            .get(0);
    assertThat(logged.get("delivery_id").asText()).isEqualTo(deliveryId);
    assertThat(logged.get("signature_valid").asBoolean()).isTrue();
    assertThat(app.http.get("/api/v2/incidents", alice.token()).json().get("items")).hasSize(1);

    String[] again = java.util.Arrays.copyOf(args, args.length + 2);
    again[args.length] = "--delivery-id";
    again[args.length + 1] = deliveryId;
    Cli.Result redelivered = Cli.run(Map.of(), again);
    assertThat(redelivered.status()).isZero();
    assertThat(redelivered.out()).contains("200 {\"status\":\"duplicate\"}");

    args[10] = "not-the-hooks-secret";
    Cli.Result forged = Cli.run(Map.of(), args);
    assertThat(forged.status()).isEqualTo(1);
    assertThat(forged.out()).contains("401 {\"error\":\"unauthenticated\"");
  }

  @Test
  void a_gitlab_delivery_carries_the_token_and_is_processed(@TempDir Path tmp) throws Exception {
    TestUser user = app.createUser("gitlab-sender");
    assertThat(
            app.http
                .put(
                    "/api/v2/providers/gitlab/token",
                    user.token(),
                    "{\"access_token\": \"" + TestApp.ALICE_GL + "\"}")
                .status())
        .isEqualTo(200);
    String connection = app.connect(user, TestApp.GL_PROJECT, "gitlab");
    GitLabSimulator.Hook hook = app.gitlab.hooks(TestApp.GL_PROJECT).get(0);
    Path payload = tmp.resolve("pipeline.json");
    Files.write(
        payload,
        Payloads.gitlabPipeline(
            app.gitlabProjectId, 9100L, "failed", Instant.parse("2026-03-01T10:00:00Z")));

    Cli.Result sent =
        Cli.run(
            Map.of(),
            "deliveries",
            "send",
            payload.toString(),
            "--provider",
            "gitlab",
            "--event",
            "Pipeline Hook",
            "--url",
            app.url() + "/api/v2/webhooks/gitlab",
            "--secret",
            hook.token());

    assertThat(sent.status()).as(sent.toString()).isZero();
    assertThat(sent.out()).contains("202 {\"status\":\"received\"}");
    assertThat(sent.all()).doesNotContain(hook.token());
    JsonNode stored = app.awaitProcessed(user, connection, group(DELIVERY, sent.out()));
    assertThat(stored.get("status").asText()).isEqualTo("processed");
    assertThat(stored.get("headers").get("x-gitlab-token").get(0).asText()).isEqualTo("[present]");
    for (String header :
        java.util.List.of("x-gitlab-event-uuid", "x-gitlab-webhook-uuid", "idempotency-key")) {
      assertThat(stored.get("headers").has(header)).as(header).isTrue();
    }
  }

  @Test
  void an_unreachable_receiver_or_a_missing_file_is_a_failure_with_a_reason(@TempDir Path tmp)
      throws Exception {
    Path payload = tmp.resolve("p.json");
    Files.writeString(payload, "{}");
    int closed = dev.hookkeeper.app.support.ServerProcess.freePort();
    Cli.Result unreachable =
        Cli.run(
            Map.of(),
            "deliveries",
            "send",
            payload.toString(),
            "--provider",
            "github",
            "--event",
            "push",
            "--url",
            "http://127.0.0.1:" + closed + "/api/v2/webhooks/github",
            "--secret",
            "s3cret-x");
    assertThat(unreachable.status()).isEqualTo(1);
    assertThat(unreachable.err()).contains("no answer from").doesNotContain("s3cret-x");
    Cli.Result missing =
        Cli.run(
            Map.of(),
            "deliveries",
            "send",
            tmp.resolve("none.json").toString(),
            "--provider",
            "github",
            "--event",
            "push",
            "--url",
            app.url(),
            "--secret",
            "s3cret-x");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");
    Cli.Result hookIdOnGitLab =
        Cli.run(
            Map.of(),
            "deliveries",
            "send",
            payload.toString(),
            "--provider",
            "gitlab",
            "--event",
            "Push Hook",
            "--url",
            app.url(),
            "--secret",
            "s3cret-x",
            "--hook-id",
            "7");
    assertThat(hookIdOnGitLab.status()).isEqualTo(2);
  }

  private static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as(pattern + " in:\n" + text).isTrue();
    return m.group(1);
  }
}
