package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A full end-to-end run (both providers, live stream with ?access_token=, duplicates, forgeries,
 * disconnects, token rotation and deletion, user deletion) with every log line captured in both formats: no webhook secret, provider token,
 * API or admin token, signature or encryption key appears in a log line or an API response.
 */
class SecretsStayOutOfLogsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void no_secret_token_or_signature_reaches_a_log_line_or_a_response() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = context.getLogger("dev.hookkeeper");
    Level rootLevel = root.getLevel();
    Level ourLevel = ours.getLevel();
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%level %logger %msg %kvp %ex%n");
    text.start();
    JsonEncoder json = new JsonEncoder();
    json.setContext(context);
    json.start();
    List<OutputStreamAppender<ILoggingEvent>> appenders = List.of(appender(context, text, captured),
        appender(context, json, captured));
    appenders.forEach(root::addAppender);
    root.setLevel(Level.INFO);
    ours.setLevel(Level.DEBUG);
    List<String> secrets = new ArrayList<>();
    List<String> apiTokens = new ArrayList<>();
    StringBuilder responses = new StringBuilder();
    try (TestApp app = TestApp.start()) {
      secrets.addAll(List.of(TestApp.ADMIN_TOKEN, TestApp.ALICE_GH, TestApp.BOB_GH, TestApp.ALICE_GL,
          app.encryptionKey));
      TestUser alice = app.gitHubUser("alice", TestApp.ALICE_GH);
      TestUser bob = app.gitHubUser("bob", TestApp.BOB_GH);
      apiTokens.addAll(List.of(alice.token(), bob.token()));
      app.http.put("/api/v2/providers/gitlab/token", alice.token(), "{\"access_token\": \"" + TestApp.ALICE_GL + "\"}");
      String ghConn = app.connectActive(alice, TestApp.GH_REPO, "github");
      String bobConn = app.connectActive(bob, TestApp.GH_REPO, "github");
      String glConn = app.connect(alice, TestApp.GL_PROJECT, "gitlab");
      GitHubSimulator.SimulatedHook ghHook = app.github.hooks(TestApp.GH_REPO).get(0);
      GitLabSimulator.Hook glHook = app.gitlab.hooks(TestApp.GL_PROJECT).get(0);
      secrets.add(ghHook.secret());
      secrets.add(glHook.token());

      Instant t0 = Instant.now().minusSeconds(900);
      byte[] failure = Payloads.githubRun(11L, "failure", t0);
      secrets.add(Payloads.githubSignature(ghHook.secret(), failure).substring("sha256=".length()));
      try (SseStream stream = SseStream.open(app.url() + "/api/v2/events?access_token=" + alice.token(), null, null)) {
        List<GitHubSimulator.SimulatedDelivery> sent = app.github.deliver(TestApp.GH_REPO, "workflow_run", failure);
        stream.nextOfType("incident.opened", WAIT);
        githubPost(app, failure, sent.get(0).guid(), ghHook, Payloads.githubSignature(ghHook.secret(), failure));
        githubPost(app, failure, "forged", ghHook, Payloads.githubSignature("guess", failure));
        app.gitlab.deliver(TestApp.GL_PROJECT, "Pipeline Hook",
            Payloads.gitlabPipeline(app.gitlabProjectId, 21L, "failed", t0));
        app.http.send(app.http.request("/api/v2/webhooks/gitlab", null).header("Content-Type", "application/json")
            .header("X-Gitlab-Event", "Pipeline Hook").header("X-Gitlab-Token", glHook.token() + "x")
            .POST(HttpRequest.BodyPublishers.ofString("{}")));
        app.github.deliver(TestApp.GH_REPO, "workflow_run", Payloads.githubRun(12L, "success", t0.plusSeconds(60)));
        stream.nextOfType("incident.resolved", WAIT);
        stream.rawLines().forEach(l -> responses.append(l).append('\n'));
      }
      for (String path : List.of("/api/v2/repositories", "/api/v2/incidents",
          "/api/v2/repositories/" + ghConn + "/deliveries", "/api/v2/repositories/" + ghConn + "/webhook/status",
          "/api/v2/workflow-runs?repository_id=" + ghConn, "/api/v2/repositories/" + glConn + "/deliveries")) {
        app.http.get(path, alice.token());
      }
      Reply log = app.http.get("/api/v2/repositories/" + ghConn + "/deliveries", alice.token());
      String someDelivery = log.json().get("items").get(0).get("delivery_id").asText();
      app.http.get("/api/v2/repositories/" + ghConn + "/deliveries/" + someDelivery, alice.token());
      app.http.delete("/api/v2/repositories/" + ghConn + "/disconnect", alice.token());
      app.http.delete("/api/v2/repositories/" + bobConn + "/disconnect", bob.token());
      app.http.delete("/api/v2/repositories/" + glConn + "/disconnect", alice.token());
      // the credential lifecycle: a rotated API token, deleted provider tokens, a deleted user
      String rotated = app.http.post("/api/v2/users/me/api-token", alice.token(), "").json().get("api_token").asText();
      apiTokens.add(rotated);
      app.http.delete("/api/v2/providers/gitlab/token?force=true", rotated);
      app.http.delete("/api/v2/providers/github/token?force=true", rotated);
      app.http.delete("/api/v2/admin/users/" + bob.id(), TestApp.ADMIN_TOKEN);
      for (Reply r : app.http.seen()) {
        // the one place an API token may appear: the answer that creates it
        if (!r.body().contains("\"api_token\"")) responses.append(r.body()).append(r.headers().map()).append('\n');
      }
    } finally {
      appenders.forEach(a -> {
        root.detachAppender(a);
        a.stop();
      });
      root.setLevel(rootLevel);
      ours.setLevel(ourLevel);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("ingest github received", "ingest gitlab received", "ingest github unauthenticated",
        "ingest github duplicate", "/api/v2/events", "provider token deleted", "user deleted");
    List<String> all = new ArrayList<>(secrets);
    all.addAll(apiTokens);
    assertThat(all).allSatisfy(secret -> {
      assertThat(secret).hasSizeGreaterThan(10);
      assertThat(logs).as("logs").doesNotContain(secret);
      assertThat(responses.toString()).as("API responses").doesNotContain(secret);
    });
  }

  private static OutputStreamAppender<ILoggingEvent> appender(LoggerContext context, Encoder<ILoggingEvent> encoder,
      ByteArrayOutputStream out) {
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.setImmediateFlush(true);
    appender.start();
    return appender;
  }

  private static void githubPost(TestApp app, byte[] body, String guid, GitHubSimulator.SimulatedHook hook,
      String signature) {
    app.http.send(app.http.request("/api/v2/webhooks/github", null).header("Content-Type", "application/json")
        .header("X-GitHub-Event", "workflow_run").header("X-GitHub-Delivery", guid)
        .header("X-GitHub-Hook-ID", Long.toString(hook.id())).header("X-Hub-Signature-256", signature)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }
}
