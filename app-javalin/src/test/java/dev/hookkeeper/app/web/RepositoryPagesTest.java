package dev.hookkeeper.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.WebSession;
import dev.hookkeeper.core.usecase.RetentionPolicy;
import dev.hookkeeper.github.simulator.FiredRun;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A repository's pages over plain HTTP, as a browser without JavaScript sees them. */
class RepositoryPagesTest {
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
  void
      the_delivery_log_filters_and_a_delivery_shows_redacted_headers_a_pretty_body_and_replays_until_purged() {
    TestApp.TestUser user = app.gitHubUser("pia", TestApp.ALICE_GH);
    String conn = app.connectActive(user, TestApp.GH_REPO, "github");
    app.github.fireWorkflowRun(TestApp.GH_REPO, FiredRun.ci(false));
    WebSession web = WebSession.signIn(app.http, user.token());
    Poll.until(
        Duration.ofSeconds(10),
        () ->
            web.get("/repositories/" + conn + "?event=workflow_run&status=processed")
                .body()
                .contains("workflow_run"));

    Reply log = web.get("/repositories/" + conn);
    assertThat(log.body())
        .contains("Delivery log", "ping", "workflow_job", "workflow_run", "Active");
    Reply onlyJobs = web.get("/repositories/" + conn + "?event=workflow_job");
    assertThat(onlyJobs.body()).contains("workflow_job").doesNotContain(">workflow_run<", ">ping<");
    assertThat(web.get("/repositories/" + conn + "?status=rejected").body())
        .contains("No delivery matches");

    String href =
        onlyJobs
            .body()
            .replaceAll("(?s).*href=\"(/repositories/" + conn + "/deliveries/[^\"]+)\".*", "$1");
    Reply delivery = web.get(href);
    assertThat(delivery.status()).isEqualTo(200);
    assertThat(delivery.body())
        .contains("x-hub-signature-256", "[present]", "Replay", "\"action\" : \"completed\"")
        .doesNotContain("sha256=");

    Reply withoutCsrf = web.post(href + "/replay", "", false);
    assertThat(withoutCsrf.status()).isEqualTo(403);
    Reply replayed = web.post(href + "/replay", "", true);
    assertThat(replayed.status()).isEqualTo(303);
    assertThat(replayed.header("Location")).isEqualTo(href + "?replayed");
    assertThat(web.get(href + "?replayed").body()).contains("Queued for processing again");

    Poll.until(
        Duration.ofSeconds(10), () -> !web.get(href).body().contains("badge-info\">Received<"));
    app.server
        .useCases()
        .applyRetention()
        .apply(new RetentionPolicy(Duration.ofMillis(1), Duration.ofDays(30), Duration.ofDays(90)));
    Reply purged = web.post(href + "/replay", "", true);
    assertThat(purged.status()).isEqualTo(409);
    assertThat(purged.body()).contains("body_purged", "Cannot replay");
    String deliveryId = href.substring(href.lastIndexOf('/') + 1);
    Reply purgedApi =
        app.http.post(
            "/api/v2/repositories/" + conn + "/deliveries/" + deliveryId + "/replay",
            user.token(),
            "");
    assertThat(purgedApi.status()).as("the API says the same").isEqualTo(409);
    assertThat(purgedApi.json().get("error").asText()).isEqualTo("body_purged");
    assertThat(web.get(href).body())
        .contains("removed by the retention policy")
        .doesNotContain(">Replay</button>");
  }

  @Test
  void a_failed_webhook_creation_offers_retry_and_the_page_says_why() {
    TestApp.TestUser user = app.gitHubUser("quinn", TestApp.ALICE_GH);
    app.github.fillHookLimit(TestApp.GH_FULL_REPO, "workflow_run");
    String conn = app.connect(user, TestApp.GH_FULL_REPO, "github");
    WebSession web = WebSession.signIn(app.http, user.token());

    Reply page = web.get("/repositories/" + conn);
    assertThat(page.body())
        .contains(">Failed<", "as many webhooks as the provider allows", ">Retry</button>");
    Reply dashboard = web.get("/");
    assertThat(dashboard.body())
        .contains(TestApp.GH_FULL_REPO, "badge-bad", "as many webhooks as the provider allows");

    Reply retried = web.post("/repositories/" + conn + "/retry", "", true);
    assertThat(retried.status()).isEqualTo(303);
    assertThat(web.get("/repositories/" + conn).body())
        .as("still over the limit")
        .contains(">Retry</button>");
  }

  @Test
  void a_signed_out_browser_is_sent_to_the_sign_in_page_and_unknown_ids_are_404_pages() {
    assertThat(app.http.get("/repositories/connect", null).header("Location")).isEqualTo("/login");
    TestApp.TestUser user = app.createUser("rex");
    WebSession web = WebSession.signIn(app.http, user.token());
    Reply missing = web.get("/repositories/conn_missing");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).startsWith("text/html");
    assertThat(missing.body()).contains("There is no repository with that id among yours.");
    assertThat(web.get("/incidents/inc_missing").status()).isEqualTo(404);
    Reply connect = web.get("/repositories/connect");
    assertThat(connect.body()).contains("Hookkeeper holds no GitHub token for you yet.");
    assertThat(web.get("/assets/app.css").header("Content-Type")).startsWith("text/css");
    assertThat(web.get("/assets/nope.js").status()).isEqualTo(404);
  }

  @Test
  void a_rejected_attempt_shows_why_in_the_log() {
    TestApp.TestUser user = app.gitHubUser("sam", TestApp.CAROL_GH);
    String conn = app.connectActive(user, TestApp.GH_OTHER_REPO, "github");
    long hookId = app.github.hooks(TestApp.GH_OTHER_REPO).get(0).id();
    byte[] body = "{\"action\":\"completed\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Reply forged =
        app.http.send(
            app.http
                .request("/api/v2/webhooks/github", null)
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "workflow_run")
                .header("X-GitHub-Delivery", "forged-guid")
                .header("X-GitHub-Hook-ID", Long.toString(hookId))
                .header(
                    "X-Hub-Signature-256",
                    dev.hookkeeper.app.support.Payloads.githubSignature("not-the-secret", body))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(forged.status()).isEqualTo(401);
    WebSession web = WebSession.signIn(app.http, user.token());

    Poll.until(
        Duration.ofSeconds(10),
        () -> web.get("/repositories/" + conn + "?status=rejected").body().contains("forged-guid"));
    Reply rejected = web.get("/repositories/" + conn + "?status=rejected");

    assertThat(rejected.body())
        .contains(">Rejected<", "signature mismatch")
        .doesNotContain("href=\"/repositories/" + conn + "/deliveries/forged-guid\"");
  }
}
