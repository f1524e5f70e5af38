package dev.hookkeeper.app.healing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.AppConfig;
import dev.hookkeeper.app.support.HookTrail;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.app.support.WebSession;
import dev.hookkeeper.github.simulator.FiredRun;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.simulator.FiredPipeline;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the reconciler does without waiting for its interval (an hour here): a {@code meta} {@code
 * deleted} event recreates the hook at once; a server started at another public URL moves every
 * hook with it; and what the pages and the metrics show of it all.
 */
class ImmediateRepairsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AppConfig.HealingConfig HOURLY =
      new AppConfig.HealingConfig(
          Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO, Duration.ofHours(24));

  @Test
  void a_meta_deleted_event_recreates_the_hook_at_once_and_the_metrics_count_it() {
    try (TestApp app = TestApp.start(HOURLY)) {
      TestUser alice = app.gitHubUser("alice", TestApp.ALICE_GH);
      String conn = app.connectActive(alice, TestApp.GH_REPO, "github");
      HookTrail trail = new HookTrail(app, alice, conn);
      GitHubSimulator.SimulatedHook before = app.github.hooks(TestApp.GH_REPO).get(0);

      // GitHub tells the hook it was deleted (meta deleted) as it goes
      app.github.outOfBand().deleteHook(TestApp.GH_REPO, before.id());
      trail.await("recreated", WAIT);
      trail.awaitStatus("active", WAIT);
      assertThat(app.github.hooks(TestApp.GH_REPO))
          .singleElement()
          .satisfies(h -> assertThat(h.id()).isNotEqualTo(before.id()));
      assertThat(trail.deliveries())
          .anySatisfy(d -> assertThat(d.get("event").asText()).isEqualTo("meta"));

      String metrics = app.http.get("/metrics", null).body();
      assertThat(
              metric(
                  metrics,
                  "hookkeeper_hook_events_total",
                  "kind=\"recreated\",provider=\"github\""))
          .isEqualTo(1);
      assertThat(metric(metrics, "hookkeeper_hooks", "status=\"active\"")).isEqualTo(1);
      assertThat(metrics)
          .contains(
              "hookkeeper_recovered_deliveries_total",
              "hookkeeper_reconciles_total",
              "hookkeeper_secrets_previous_key");
    }
  }

  @Test
  void a_server_started_at_another_public_url_moves_every_hook_with_it_on_both_providers() {
    try (TestApp app = TestApp.start(HOURLY)) {
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
      String oldBase = app.server.webhookBaseUrl();

      app.restartOnAnotherPort(); // WEBHOOK_BASE_URL is derived from the port here: a new domain
      String newBase = app.server.webhookBaseUrl();
      assertThat(newBase).isNotEqualTo(oldBase);

      Poll.until(
          WAIT,
          () ->
              app.github
                      .hooks(TestApp.GH_REPO)
                      .get(0)
                      .url()
                      .equals(newBase + "/api/v2/webhooks/github")
                  && app.gitlab
                      .hooks(TestApp.GL_PROJECT)
                      .get(0)
                      .url()
                      .equals(newBase + "/api/v2/webhooks/gitlab"));
      for (String conn : List.of(ghConn, glConn)) {
        JsonNode moved = new HookTrail(app, alice, conn).await("url_updated", WAIT);
        assertThat(moved.get("detail").asText()).contains(oldBase, newBase);
      }
      // deliveries reach the new address and verify with the secrets the hooks kept
      assertThat(app.github.fireWorkflowRun(TestApp.GH_REPO, FiredRun.ci(false)).deliveries())
          .extracting(GitHubSimulator.SimulatedDelivery::statusCode)
          .containsOnly(202);
      assertThat(app.gitlab.firePipeline(TestApp.GL_PROJECT, FiredPipeline.ci(false)).attempts())
          .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(202));
      Poll.until(
          WAIT,
          () -> app.http.get("/api/v2/incidents", alice.token()).json().get("items").size() == 2);
    }
  }

  @Test
  void the_pages_say_why_a_hook_is_degraded_or_archived_and_what_hookkeeper_did() {
    try (TestApp app = TestApp.start(HOURLY)) {
      app.github.addRepository("pages/degraded", 9_501L, true, "main");
      String token = "ghp_pages_degraded_0000000000000000001";
      app.github.addUser("pages-gh", token, List.of("repo", "admin:repo_hook"));
      app.github.grant("pages-gh", "pages/degraded", GitHubSimulator.Role.ADMIN);
      TestUser user = app.gitHubUser("pages-gh", token);
      String ghConn = app.connectActive(user, "pages/degraded", "github");
      app.gitlab.addProject("pages/archived");
      app.gitlab.addUser("pages-gl", "glpat-pages-archived-0001");
      app.gitlab.grant("pages-gl", "pages/archived", GitLabSimulator.Role.MAINTAINER);
      assertThat(
              app.http
                  .put(
                      "/api/v2/providers/gitlab/token",
                      user.token(),
                      "{\"access_token\": \"glpat-pages-archived-0001\"}")
                  .status())
          .isEqualTo(200);
      String glConn = app.connectActive(user, "pages/archived", "gitlab");

      app.github.outOfBand().revokeToken(token);
      app.gitlab.outOfBand().archiveProject("pages/archived");
      assertThat(reconcile(app, user, ghConn).get("outcome").asText()).isEqualTo("degraded");
      assertThat(reconcile(app, user, glConn).get("outcome").asText()).isEqualTo("archived");

      WebSession web = WebSession.signIn(app.http, user.token());
      Reply dashboard = web.get("/");
      assertThat(dashboard.body())
          .contains(
              ">Degraded<",
              "token can manage the webhook any more",
              ">Archived<",
              "archived at the provider");
      Reply degraded = web.get("/repositories/" + ghConn);
      assertThat(degraded.body())
          .contains(">Degraded<", "revoked or expired", "What Hookkeeper did", "Token refused")
          .doesNotContain(token);
      Reply archived = web.get("/repositories/" + glConn);
      assertThat(archived.body()).contains(">Archived<", "deliveries are still accepted");
    }
  }

  private static JsonNode reconcile(TestApp app, TestUser user, String conn) {
    Reply[] last = new Reply[1];
    Poll.until(
        WAIT,
        () -> {
          last[0] =
              app.http.post(
                  "/api/v2/repositories/" + conn + "/webhook/reconcile", user.token(), "");
          return last[0].status() != 409;
        });
    assertThat(last[0].status()).as(last[0].toString()).isEqualTo(200);
    return last[0].json();
  }

  /** A sample's value from Prometheus text, by name and labels (as exposed, sorted). */
  private static double metric(String text, String name, String labels) {
    Matcher m =
        Pattern.compile(
                "(?m)^" + Pattern.quote(name) + "\\{" + Pattern.quote(labels) + "\\} (\\S+)$")
            .matcher(text);
    assertThat(m.find())
        .as(name + "{" + labels + "} in\n" + text.lines().filter(l -> l.startsWith(name)).toList())
        .isTrue();
    return Double.parseDouble(m.group(1));
  }
}
