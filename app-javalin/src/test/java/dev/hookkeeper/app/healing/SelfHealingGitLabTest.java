package dev.hookkeeper.app.healing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.AppConfig;
import dev.hookkeeper.app.support.HookTrail;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.gitlab.GitLabHooksClient;
import dev.hookkeeper.gitlab.simulator.FiredPipeline;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every repair on GitLab, made by the background reconciler on a 2-second interval against the
 * simulated GitLab (which sends project hooks no event about the hook or the project itself: the
 * reconciler sees it all through the API). Every test has its own project and users.
 */
class SelfHealingGitLabTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  private static final AtomicLong IDS = new AtomicLong(1);
  private static TestApp app;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            new AppConfig.HealingConfig(
                Duration.ofSeconds(2), Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(3)));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private record Setup(
      TestUser user, String token, String project, long projectId, String conn, HookTrail trail) {
    GitLabSimulator.Hook hook() {
      List<GitLabSimulator.Hook> hooks = app.gitlab.hooks(project);
      assertThat(hooks).hasSize(1);
      return hooks.get(0);
    }
  }

  private static Setup setup(String name) {
    String project = "heal/" + name;
    String token = "glpat-" + name + "-" + IDS.incrementAndGet();
    long projectId = app.gitlab.addProject(project);
    app.gitlab.addUser(name, token);
    app.gitlab.grant(name, project, GitLabSimulator.Role.MAINTAINER);
    TestUser user = gitLabUser(name, token);
    String conn = app.connect(user, project, "gitlab");
    // GitLab never pings: the hook is proven by its first delivery (the test delivery of the
    // connect)
    HookTrail trail = new HookTrail(app, user, conn);
    trail.awaitStatus("active", WAIT);
    return new Setup(user, token, project, projectId, conn, trail);
  }

  private static TestUser gitLabUser(String name, String token) {
    TestUser user = app.createUser(name);
    var r =
        app.http.put(
            "/api/v2/providers/gitlab/token",
            user.token(),
            "{\"access_token\": \"" + token + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return user;
  }

  private static List<JsonNode> incidents(TestUser user) {
    List<JsonNode> out = new ArrayList<>();
    app.http.get("/api/v2/incidents", user.token()).json().get("items").forEach(out::add);
    return out;
  }

  private static SseStream stream(TestUser user) {
    return SseStream.open(app.url() + "/api/v2/events", user.token(), null);
  }

  @Test
  void a_hook_a_maintainer_deleted_is_recreated_with_a_new_token() {
    Setup s = setup("deleted-hook");
    GitLabSimulator.Hook before = s.hook();
    try (SseStream live = stream(s.user())) {
      app.gitlab.outOfBand().deleteHook(s.project(), before.id());
      assertThat(live.nextOfType("webhook.repaired", WAIT).json().get("data").get("kind").asText())
          .isEqualTo("recreated");
    }
    GitLabSimulator.Hook after = s.hook();
    assertThat(after.id()).isNotEqualTo(before.id());
    assertThat(after.token()).isNotEqualTo(before.token());
    assertThat(after.url()).isEqualTo(app.server.webhookBaseUrl() + "/api/v2/webhooks/gitlab");
    assertThat(after.events()).containsExactlyInAnyOrderElementsOf(AppConfig.DEFAULT_GITLAB_EVENTS);
    app.gitlab.firePipeline(s.project(), FiredPipeline.ci(false));
    Poll.until(WAIT, () -> incidents(s.user()).size() == 1);
    assertThat(s.trail().kinds()).containsSubsequence("created", "activated", "recreated");
  }

  @Test
  void
      a_hook_gitlab_disabled_after_failures_is_re_enabled_and_the_pipelines_it_skipped_are_caught_up() {
    Setup s = setup("auto-disabled");
    GitLabSimulator.Hook before = s.hook();
    // a maintainer types another secret token: every delivery now fails at our end (401)
    new GitLabHooksClient(new OkHttpClient(), app.gitlab.baseUrl())
        .updateHook(
            Secret.of(s.token()),
            new ProviderRepoRef(s.projectId(), s.project()),
            Long.toString(before.id()),
            new HookSpec(before.url(), Secret.of("typed-by-a-maintainer"), before.events()));
    for (int i = 0; i < 3; i++) app.gitlab.firePipeline(s.project(), FiredPipeline.ci(i == 2));
    // 4 consecutive failures disable the hook for a while; later pipelines are not even attempted

    s.trail().await("reenabled", WAIT);
    Poll.until(WAIT, () -> "executable".equals(s.hook().alertStatus()));
    // the skipped pipelines come back from the pipelines API
    s.trail().await("deliveries_recovered", WAIT);
    assertThat(s.trail().deliveries())
        .as("trail %s status %s", s.trail().events(), s.trail().status())
        .anySatisfy(d -> assertThat(d.get("source").asText()).isEqualTo("catch_up"));
    assertThat(s.hook().token()).isEqualTo(before.token());
    // the failed pipeline and the one that fixed it: one incident, opened and resolved, as if
    // nothing happened
    try {
      Poll.until(
          WAIT,
          () ->
              incidents(s.user()).size() == 1
                  && incidents(s.user()).get(0).get("status").asText().equals("resolved"));
    } catch (AssertionError e) {
      throw new AssertionError(
          "incidents "
              + incidents(s.user())
              + "; deliveries "
              + s.trail().deliveries()
              + "; trail "
              + s.trail().events(),
          e);
    }
    assertThat(s.trail().kinds()).contains("deliveries_recovered");
    s.trail().awaitStatus("active", WAIT);
  }

  @Test
  void
      url_and_events_a_maintainer_changed_are_put_back_and_the_pipeline_sent_elsewhere_is_caught_up() {
    Setup s = setup("drifted");
    GitLabSimulator.Hook before = s.hook();
    app.gitlab
        .outOfBand()
        .editHook(
            s.project(), before.id(), "https://elsewhere.example.com/hook", List.of("push_events"));
    app.gitlab.firePipeline(s.project(), FiredPipeline.ci(false));

    s.trail().await("url_updated", WAIT);
    Poll.until(WAIT, () -> s.hook().url().equals(before.url()));
    assertThat(s.hook().events())
        .containsExactlyInAnyOrderElementsOf(AppConfig.DEFAULT_GITLAB_EVENTS);
    assertThat(s.hook().token()).isEqualTo(before.token());
    Poll.until(WAIT, () -> incidents(s.user()).size() == 1);
    // GitLab's test delivery (the ping after the repair) sends the project's last pipeline event
    // again, so the pipeline arrives as a webhook or, failing that, is caught up: in the log either
    // way
    assertThat(s.trail().deliveries())
        .anySatisfy(
            d -> {
              assertThat(d.get("event").asText()).isEqualTo("Pipeline Hook");
              assertThat(d.get("status").asText()).isEqualTo("processed");
            });
    // the caught-up pipeline carries its failed job, as the Pipeline Hook would have
    String incident = incidents(s.user()).get(0).get("id").asText();
    assertThat(
            app.http
                .get("/api/v2/incidents/" + incident, s.user().token())
                .json()
                .get("failed_jobs"))
        .anySatisfy(j -> assertThat(j.get("failure_reason").asText()).isEqualTo("script_failure"));
  }

  @Test
  void a_revoked_token_hands_management_over_then_nobody_left_degrades_the_hook() {
    Setup s = setup("token-alice");
    String bobToken = "glpat-token-bob-" + IDS.incrementAndGet();
    app.gitlab.addUser("token-bob", bobToken);
    app.gitlab.grant("token-bob", s.project(), GitLabSimulator.Role.MAINTAINER);
    TestUser bob = gitLabUser("token-bob", bobToken);
    String bobConn = app.connect(bob, s.project(), "gitlab");

    app.gitlab.outOfBand().revokeToken(s.token());
    JsonNode handedOver = s.trail().await("handed_over", WAIT);
    assertThat(handedOver.get("detail").asText()).contains(bob.id());
    assertThat(s.trail().statusName()).isEqualTo("active");

    try (SseStream live = stream(bob)) {
      app.gitlab
          .outOfBand()
          .expireToken(bobToken); // an OAuth token past its 2 h, and no refresh token
      assertThat(
              live.nextOfType("webhook.degraded", WAIT).json().get("data").get("reason").asText())
          .isEqualTo("token_revoked");
    }
    HookTrail bobTrail = new HookTrail(app, bob, bobConn);
    assertThat(bobTrail.statusName()).isEqualTo("degraded");
  }

  @Test
  void a_token_narrowed_to_read_api_leaves_the_hook_degraded_for_a_lost_scope() {
    Setup s = setup("scope-lost");
    // reads still work with read_api: the loss shows when a repair needs to write
    app.gitlab.outOfBand().setScopes(s.token(), List.of("read_api"));
    app.gitlab.outOfBand().deleteHook(s.project(), s.hook().id());

    // each turn tries the creation again: polled until a turn has ended with the refusal recorded
    Poll.until(
        WAIT,
        () -> {
          JsonNode status = s.trail().status();
          return status.path("status").asText().equals("failed")
              && status.path("reason").path("reason").asText().equals("token_scope_missing")
              && status
                  .path("reconcile")
                  .path("last_error")
                  .path("reason")
                  .asText()
                  .equals("token_scope_missing");
        });
  }

  @Test
  void a_hook_that_gets_no_delivery_while_pipelines_run_is_degraded_and_its_pipelines_caught_up() {
    Setup s = setup("quiet");
    try (SseStream live = stream(s.user())) {
      app.gitlab.outOfBand().webhookOutage(true);
      try {
        app.gitlab.firePipeline(
            s.project(), FiredPipeline.ci(false)); // never attempted, never logged
        JsonNode degraded = live.nextOfType("webhook.degraded", WAIT).json().get("data");
        assertThat(degraded.get("reason").asText()).isEqualTo("deliveries_missing");
        // the pipeline GitLab never sent is caught up from the pipelines API
        Poll.until(WAIT, () -> incidents(s.user()).size() == 1);
        assertThat(s.trail().deliveries())
            .anySatisfy(d -> assertThat(d.get("source").asText()).isEqualTo("catch_up"));
        s.trail().await("repaired", WAIT); // the token and events resent, and a test delivery sent
        assertThat(s.trail().kinds()).containsSubsequence("degraded", "repaired");
      } finally {
        app.gitlab.outOfBand().webhookOutage(false);
      }
    }
    // GitLab sends the repair's test delivery from its web nodes, and deliveries flow again
    app.gitlab.firePipeline(s.project(), FiredPipeline.ci(true));
    s.trail().awaitStatus("active", WAIT);
    Poll.until(WAIT, () -> incidents(s.user()).get(0).get("status").asText().equals("resolved"));
  }

  @Test
  void a_renamed_project_is_followed_by_its_stable_id_and_keeps_working() {
    Setup s = setup("renamed");
    app.gitlab.outOfBand().renameProject(s.project(), "moved/renamed");
    Poll.until(WAIT, () -> repositoryName(s).equals("moved/renamed"));

    app.gitlab.firePipeline("moved/renamed", FiredPipeline.ci(false));
    Poll.until(WAIT, () -> incidents(s.user()).size() == 1);
    assertThat(s.trail().statusName()).isEqualTo("active");
    s.trail().await("repaired", WAIT);
  }

  private static String repositoryName(Setup s) {
    for (JsonNode r : app.http.get("/api/v2/repositories", s.user().token()).json().get("items")) {
      if (r.get("id").asText().equals(s.conn())) return r.get("repository_full_name").asText();
    }
    return "";
  }

  @Test
  void an_archived_project_makes_the_hook_archived_and_deliveries_are_still_accepted() {
    Setup s = setup("archived");
    app.gitlab.outOfBand().archiveProject(s.project());

    s.trail().awaitStatus("archived", WAIT);
    assertThat(app.gitlab.firePipeline(s.project(), FiredPipeline.ci(false)).attempts())
        .extracting(GitLabSimulator.Attempt::statusCode)
        .containsOnly(202);
    Poll.until(WAIT, () -> incidents(s.user()).size() == 1);
    assertThat(s.trail().statusName()).isEqualTo("archived");
  }

  @Test
  void a_deleted_project_ends_its_connections_and_tells_their_users() {
    Setup s = setup("deleted-project");
    try (SseStream live = stream(s.user())) {
      app.gitlab.outOfBand().deleteProject(s.project());

      JsonNode ended = live.nextOfType("connection.ended", WAIT).json().get("data");
      assertThat(ended.get("connection_id").asText()).isEqualTo(s.conn());
      assertThat(ended.get("reason").asText()).isEqualTo("repository_deleted");
    }
    assertThat(
            app.http
                .get("/api/v2/repositories/" + s.conn() + "/webhook/status", s.user().token())
                .status())
        .isEqualTo(404);
  }
}
