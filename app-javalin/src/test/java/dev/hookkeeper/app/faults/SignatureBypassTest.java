package dev.hookkeeper.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every wrong shape of GitHub signature and GitLab token is refused with the one 401 body, leaves
 * only a rejected entry (with its precise reason) in the hook's log, and does not block the
 * correctly signed delivery that follows. Fewer than 30 failures in all, so no 429 interferes.
 */
class SignatureBypassTest {
  private static final String UNAUTHENTICATED =
      "{\"error\":\"unauthenticated\",\"message\":\"the delivery could not be authenticated\"}";
  private static final AtomicLong RUN_IDS = new AtomicLong(91_000);
  private static TestApp app;
  private static TestUser alice;
  private static String connA;
  private static String connB;
  private static GitHubSimulator.SimulatedHook hookA;
  private static GitHubSimulator.SimulatedHook hookB;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    alice = app.gitHubUser("alice", TestApp.ALICE_GH);
    connA = app.connectActive(alice, TestApp.GH_REPO, "github");
    connB = app.connectActive(alice, TestApp.GH_FULL_REPO, "github");
    hookA = app.github.hooks(TestApp.GH_REPO).get(0);
    hookB = app.github.hooks(TestApp.GH_FULL_REPO).get(0);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void every_wrong_github_signature_is_refused_identically_and_logged_with_its_reason() {
    byte[] body = Payloads.githubRun(RUN_IDS.incrementAndGet(), "failure", Instant.now().minusSeconds(120));
    byte[] other = Payloads.githubRun(RUN_IDS.incrementAndGet(), "failure", Instant.now().minusSeconds(120));
    String a = Long.toString(hookA.id());
    String good = Payloads.githubSignature(hookA.secret(), body);
    List<Attempt> attempts = List.of(
        new Attempt("sb-missing", a, List.of(), "signature_missing"),
        new Attempt("sb-empty", a, List.of("X-Hub-Signature-256", ""), "signature_missing"),
        new Attempt("sb-sha1", a, List.of("X-Hub-Signature", sha1(hookA.secret(), body)), "signature_sha1_only"),
        new Attempt("sb-upper-prefix", a, List.of("X-Hub-Signature-256", "SHA256=" + good.substring(7)),
            "signature_malformed"),
        new Attempt("sb-truncated", a, List.of("X-Hub-Signature-256", good.substring(0, good.length() - 2)),
            "signature_malformed"),
        new Attempt("sb-other-body", a, List.of("X-Hub-Signature-256", Payloads.githubSignature(hookA.secret(), other)),
            "signature_mismatch"),
        new Attempt("sb-wrong-secret", a, List.of("X-Hub-Signature-256", Payloads.githubSignature("not-it", body)),
            "signature_mismatch"),
        new Attempt("sb-b-secret", a, List.of("X-Hub-Signature-256", Payloads.githubSignature(hookB.secret(), body)),
            "signature_mismatch"),
        new Attempt("sb-unknown-hook", "987654321", List.of("X-Hub-Signature-256", good), null),
        new Attempt("sb-nan-hook", "12ab", List.of("X-Hub-Signature-256", good), null));
    for (Attempt attempt : attempts) {
      Reply r = github(body, attempt.guid(), attempt.hookId(), attempt.headers());
      assertThat(r.status()).as(attempt.guid()).isEqualTo(401);
      assertThat(r.body()).as(attempt.guid()).isEqualTo(UNAUTHENTICATED);
    }

    // refusals are written in batches, within about a second
    long expectedRows = attempts.stream().filter(at -> at.reason() != null).count();
    Poll.until(java.time.Duration.ofSeconds(10),
        () -> log(connA).stream().filter(e -> !e.get("signature_valid").asBoolean()).count() >= expectedRows);
    List<JsonNode> log = log(connA);
    for (Attempt attempt : attempts) {
      List<JsonNode> entries = log.stream().filter(e -> attempt.guid().equals(e.path("delivery_id").asText())).toList();
      if (attempt.reason() == null) {
        // the hook is unknown: nothing can be attributed to a repository
        assertThat(entries).as(attempt.guid()).isEmpty();
        continue;
      }
      assertThat(entries).as(attempt.guid()).singleElement().satisfies(e -> {
        assertThat(e.get("status").asText()).isEqualTo("rejected");
        assertThat(e.get("signature_valid").asBoolean()).isFalse();
        assertThat(e.get("signature_reason").asText()).isEqualTo(attempt.reason());
      });
      assertThat(app.http.get("/api/v2/repositories/" + connA + "/deliveries/" + attempt.guid(), alice.token())
          .body()).doesNotContain("\"processed\"");
    }
    assertThat(log(connB)).noneMatch(e -> e.path("delivery_id").asText().startsWith("sb-"));
    assertThat(openIncidents()).isEmpty();

    // the correctly signed control delivery right after is accepted and is the first effect
    Reply control = github(body, "sb-control", a, List.of("X-Hub-Signature-256", good));
    assertThat(control.status()).isEqualTo(202);
    assertThat(control.json().get("status").asText()).isEqualTo("received");
    app.awaitProcessed(alice, connA, "sb-control");
    assertThat(log(connA)).filteredOn(e -> "sb-control".equals(e.path("delivery_id").asText()))
        .singleElement().satisfies(e -> assertThat(e.get("status").asText()).isEqualTo("processed"));
    assertThat(openIncidents()).singleElement()
        .satisfies(i -> assertThat(i.get("repository_id").asText()).isEqualTo(connA));
  }

  @Test
  void wrong_missing_and_empty_gitlab_tokens_are_refused() {
    String second = "acme/second-pipelines";
    long secondProject = app.gitlab.addProject(second);
    app.gitlab.grant("alice-gl", second, GitLabSimulator.Role.MAINTAINER);
    TestUser gl = app.createUser("gl-owner");
    assertThat(app.http.put("/api/v2/providers/gitlab/token", gl.token(),
        "{\"access_token\": \"" + TestApp.ALICE_GL + "\"}").status()).isEqualTo(200);
    app.connect(gl, TestApp.GL_PROJECT, "gitlab");
    app.connect(gl, second, "gitlab");
    String tokenA = app.gitlab.hooks(TestApp.GL_PROJECT).get(0).token();
    String tokenB = app.gitlab.hooks(second).get(0).token();
    assertThat(tokenA).isNotEqualTo(tokenB);

    byte[] body = Payloads.gitlabPipeline(app.gitlabProjectId, 92_001L, "failed", Instant.now().minusSeconds(60));
    List<Reply> replies = new ArrayList<>();
    replies.add(gitlab(body, "gl-wrong", "glwt-definitely-not-the-token"));
    replies.add(gitlab(body, "gl-missing", null));
    replies.add(gitlab(body, "gl-empty", ""));
    assertThat(replies).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body()).isEqualTo(UNAUTHENTICATED);
    });
    assertThat(openIncidentsOf(gl)).as("no incident from a wrong or missing token").isEmpty();

    Reply control = gitlab(body, "gl-control", tokenA);
    assertThat(control.status()).isEqualTo(202);
    Poll.until(java.time.Duration.ofSeconds(10), () -> openIncidentsOf(gl).size() == 1);
    assertThat(secondProject).isNotEqualTo(app.gitlabProjectId);
  }

  private static List<JsonNode> openIncidents() {
    return openIncidentsOf(alice);
  }

  private static List<JsonNode> openIncidentsOf(TestUser user) {
    List<JsonNode> out = new ArrayList<>();
    app.http.get("/api/v2/incidents?status=open", user.token()).json().get("items").forEach(out::add);
    return out;
  }

  private static List<JsonNode> log(String conn) {
    Reply r = app.http.get("/api/v2/repositories/" + conn + "/deliveries?limit=100", alice.token());
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("items").forEach(out::add);
    return out;
  }

  private static Reply github(byte[] body, String guid, String hookId, List<String> extra) {
    HttpRequest.Builder b = app.http.request("/api/v2/webhooks/github", null)
        .header("Content-Type", "application/json")
        .header("X-GitHub-Event", "workflow_run")
        .header("X-GitHub-Delivery", guid)
        .header("X-GitHub-Hook-ID", hookId);
    for (int i = 0; i < extra.size(); i += 2) b.header(extra.get(i), extra.get(i + 1));
    return app.http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static Reply gitlab(byte[] body, String key, String token) {
    HttpRequest.Builder b = app.http.request("/api/v2/webhooks/gitlab", null)
        .header("Content-Type", "application/json")
        .header("X-Gitlab-Event", "Pipeline Hook")
        .header("Idempotency-Key", key);
    if (token != null) b.header("X-Gitlab-Token", token);
    return app.http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static String sha1(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return "sha1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Attempt(String guid, String hookId, List<String> headers, String reason) {}
}
