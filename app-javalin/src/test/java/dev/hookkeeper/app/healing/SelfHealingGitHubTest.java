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
import dev.hookkeeper.github.GitHubHooksClient;
import dev.hookkeeper.github.simulator.FiredRun;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every repair on GitHub, made by the background reconciler on a 2-second interval against the
 * simulated GitHub: each test breaks something behind Hookkeeper's back the way a person or GitHub
 * would, then waits for the repair to show where a user sees it (the hook at GitHub, its status,
 * its audit trail, the live stream, incidents). Every test has its own repository and users.
 */
class SelfHealingGitHubTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  private static final AtomicLong IDS = new AtomicLong(91_000);
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

  /** A user admin of a new repository, connected, the hook active. */
  private record Setup(
      TestUser user, String token, String repo, long repoId, String conn, HookTrail trail) {
    GitHubSimulator.SimulatedHook hook() {
      List<GitHubSimulator.SimulatedHook> hooks = app.github.hooks(repo);
      assertThat(hooks).hasSize(1);
      return hooks.get(0);
    }
  }

  private static Setup setup(String name) {
    long id = IDS.incrementAndGet();
    String repo = "heal/" + name;
    String token = "ghp_" + name.replace('-', '_') + "_" + id;
    app.github.addRepository(repo, id, true, "main");
    app.github.addUser(name, token, List.of("repo", "admin:repo_hook"));
    app.github.grant(name, repo, GitHubSimulator.Role.ADMIN);
    TestUser user = app.gitHubUser(name, token);
    String conn = app.connectActive(user, repo, "github");
    return new Setup(user, token, repo, id, conn, new HookTrail(app, user, conn));
  }

  private static SseStream stream(TestUser user) {
    return SseStream.open(app.url() + "/api/v2/events", user.token(), null);
  }

  private static List<JsonNode> incidents(TestUser user) {
    List<JsonNode> out = new java.util.ArrayList<>();
    app.http.get("/api/v2/incidents", user.token()).json().get("items").forEach(out::add);
    return out;
  }

  @Test
  void a_hook_a_person_deleted_is_recreated_with_a_new_secret_and_every_user_is_told() {
    Setup s = setup("deleted-hook");
    GitHubSimulator.SimulatedHook before = s.hook();
    try (SseStream live = stream(s.user())) {
      // GitHub sends meta "deleted" to the hook itself first: the reconcile runs at once
      app.github.outOfBand().deleteHook(s.repo(), before.id());

      JsonNode repaired = live.nextOfType("webhook.repaired", WAIT).json().get("data");
      assertThat(repaired.get("kind").asText()).isEqualTo("recreated");
      assertThat(repaired.get("connection_id").asText()).isEqualTo(s.conn());
    }
    s.trail().awaitStatus("active", WAIT);
    GitHubSimulator.SimulatedHook after = s.hook();
    assertThat(after.id()).isNotEqualTo(before.id());
    assertThat(after.secret()).isNotEqualTo(before.secret());
    assertThat(after.url()).isEqualTo(app.server.webhookBaseUrl() + "/api/v2/webhooks/github");
    assertThat(after.events()).containsExactlyInAnyOrderElementsOf(AppConfig.DEFAULT_GITHUB_EVENTS);
    assertThat(s.trail().kinds()).containsSubsequence("created", "activated", "recreated");
    assertThat(s.trail().status().get("webhook_id").asText()).isEqualTo(Long.toString(after.id()));

    // and it works: a failing run opens an incident
    app.github.fireWorkflowRun(s.repo(), FiredRun.ci(false));
    Poll.until(WAIT, () -> incidents(s.user()).size() == 1);
  }

  @Test
  void a_hook_switched_off_is_switched_on_again_and_the_run_it_missed_is_caught_up() {
    Setup s = setup("switched-off");
    try (SseStream live = stream(s.user())) {
      app.github.outOfBand().setHookActive(s.repo(), s.hook().id(), false);
      app.github.fireWorkflowRun(s.repo(), FiredRun.ci(false)); // not delivered: the hook is off
      JsonNode recovered = live.nextOfType("deliveries.recovered", WAIT).json().get("data");
      assertThat(recovered.get("connection_id").asText()).isEqualTo(s.conn());
      assertThat(recovered.get("caught_up").asInt()).isPositive();
    }

    s.trail().await("reenabled", WAIT);
    Poll.until(WAIT, () -> s.hook().active());
    // the run GitHub never sent becomes an incident all the same
    Poll.until(WAIT, () -> incidents(s.user()).size() == 1);
    assertThat(s.trail().deliveries())
        .anySatisfy(
            d -> {
              assertThat(d.get("event").asText()).isEqualTo("workflow_run");
              assertThat(d.get("status").asText()).isEqualTo("processed");
            });
    s.trail().awaitStatus("active", WAIT);
  }

  @Test
  void url_and_events_a_person_changed_are_put_back_in_place_with_the_secret() {
    Setup s = setup("drifted");
    GitHubSimulator.SimulatedHook before = s.hook();
    app.github
        .outOfBand()
        .editHook(s.repo(), before.id(), "https://elsewhere.example.com/hook", List.of("push"));
    app.github.fireWorkflowRun(s.repo(), FiredRun.ci(false)); // goes nowhere near us

    s.trail().await("url_updated", WAIT);
    Poll.until(WAIT, () -> s.hook().url().equals(before.url()));
    GitHubSimulator.SimulatedHook after = s.hook();
    assertThat(after.id()).isEqualTo(before.id());
    assertThat(after.events()).containsExactlyInAnyOrderElementsOf(AppConfig.DEFAULT_GITHUB_EVENTS);
    assertThat(after.secret()).isEqualTo(before.secret());
    // the run sent elsewhere meanwhile is caught up from the Actions API
    Poll.until(WAIT, () -> incidents(s.user()).size() == 1);
    assertThat(s.trail().deliveries())
        .anySatisfy(
            d -> {
              assertThat(d.get("source").asText()).isEqualTo("catch_up");
              assertThat(d.get("event").asText()).isEqualTo("workflow_run");
              assertThat(d.get("status").asText()).isEqualTo("processed");
            });
    assertThat(s.trail().kinds()).contains("deliveries_recovered");
    // a live delivery, signed with the secret GitHub still holds, is accepted
    assertThat(app.github.fireWorkflowRun(s.repo(), FiredRun.ci(true)).deliveries())
        .extracting(GitHubSimulator.SimulatedDelivery::statusCode)
        .containsOnly(202);
    Poll.until(WAIT, () -> incidents(s.user()).get(0).get("status").asText().equals("resolved"));
  }

  @Test
  void
      a_secret_changed_at_github_degrades_the_hook_then_it_is_resent_and_the_failed_delivery_redelivered() {
    Setup s = setup("wrong-secret");
    GitHubSimulator.SimulatedHook before = s.hook();
    try (SseStream live = stream(s.user())) {
      // a person types another secret in GitHub's settings page
      new GitHubHooksClient(app.github.baseUrl())
          .updateHook(
              Secret.of(s.token()),
              new ProviderRepoRef(s.repoId(), s.repo()),
              Long.toString(before.id()),
              new HookSpec(before.url(), Secret.of("typed-by-a-person"), before.events()));
      GitHubSimulator.SimulatedRun run = app.github.fireWorkflowRun(s.repo(), FiredRun.ci(false));
      assertThat(run.deliveries())
          .extracting(GitHubSimulator.SimulatedDelivery::statusCode)
          .contains(401);

      JsonNode degraded = live.nextOfType("webhook.degraded", WAIT).json().get("data");
      assertThat(degraded.get("reason").asText()).isEqualTo("deliveries_failing");
      live.nextOfType("deliveries.recovered", WAIT);
    }
    assertThat(s.hook().secret()).isEqualTo(before.secret());
    Poll.until(WAIT, () -> incidents(s.user()).size() == 1);
    s.trail().awaitStatus("active", WAIT);
    assertThat(s.trail().kinds()).contains("degraded", "repaired", "deliveries_recovered");
    // the redelivered workflow_run is a webhook, stored once
    assertThat(s.trail().deliveries())
        .filteredOn(
            d ->
                d.get("event").asText().equals("workflow_run")
                    && d.get("signature_valid").asBoolean())
        .singleElement()
        .satisfies(d -> assertThat(d.get("source").asText()).isEqualTo("webhook"));
    // the refused attempt signed with the wrong secret stays in the log as refused
    assertThat(s.trail().deliveries())
        .anySatisfy(d -> assertThat(d.get("status").asText()).isEqualTo("rejected"));
  }

  @Test
  void
      a_hook_that_gets_no_delivery_while_runs_happen_is_degraded_its_runs_caught_up_and_it_is_repaired() {
    Setup s = setup("quiet");
    try (SseStream live = stream(s.user())) {
      app.github.outOfBand().webhookOutage(true);
      try {
        app.github.fireWorkflowRun(s.repo(), FiredRun.ci(false)); // never attempted, never logged
        JsonNode degraded = live.nextOfType("webhook.degraded", WAIT).json().get("data");
        assertThat(degraded.get("reason").asText()).isEqualTo("deliveries_missing");
        assertThat(degraded.get("connection_id").asText()).isEqualTo(s.conn());
        // the run GitHub never sent is caught up from the Actions API
        Poll.until(WAIT, () -> incidents(s.user()).size() == 1);
        assertThat(s.trail().deliveries())
            .anySatisfy(d -> assertThat(d.get("source").asText()).isEqualTo("catch_up"));
        JsonNode status = s.trail().status();
        assertThat(status.get("status").asText()).isEqualTo("degraded");
        assertThat(status.get("reason").get("reason").asText()).isEqualTo("deliveries_missing");
        s.trail().await("repaired", WAIT); // secret and events resent, pinged
      } finally {
        app.github.outOfBand().webhookOutage(false);
      }
    }
    // deliveries flow again: the next one proves the hook works
    app.github.fireWorkflowRun(s.repo(), FiredRun.ci(true));
    s.trail().awaitStatus("active", WAIT);
    Poll.until(WAIT, () -> incidents(s.user()).get(0).get("status").asText().equals("resolved"));
  }

  @Test
  void a_revoked_token_hands_management_over_then_nobody_left_degrades_then_a_new_token_repairs() {
    Setup s = setup("token-alice");
    String bobToken = "ghp_token_bob_" + IDS.incrementAndGet();
    app.github.addUser("token-bob", bobToken, List.of("repo", "admin:repo_hook"));
    app.github.grant("token-bob", s.repo(), GitHubSimulator.Role.ADMIN);
    TestUser bob = app.gitHubUser("token-bob", bobToken);
    String bobConn = app.connect(bob, s.repo(), "github");
    HookTrail bobTrail = new HookTrail(app, bob, bobConn);

    try (SseStream aliceLive = stream(s.user());
        SseStream bobLive = stream(bob)) {
      app.github.outOfBand().revokeToken(s.token());
      JsonNode handedOver = s.trail().await("handed_over", WAIT);
      assertThat(handedOver.get("detail").asText()).contains(bob.id());
      assertThat(s.trail().kinds()).contains("token_lost");
      assertThat(
              bobLive.nextOfType("webhook.repaired", WAIT).json().get("data").get("kind").asText())
          .isEqualTo("handed_over");
      assertThat(s.trail().statusName()).isEqualTo("active");

      app.github.outOfBand().revokeToken(bobToken);
      JsonNode degraded = aliceLive.nextOfType("webhook.degraded", WAIT).json().get("data");
      assertThat(degraded.get("reason").asText()).isEqualTo("token_revoked");
      assertThat(
              bobLive
                  .nextOfType("webhook.degraded", WAIT)
                  .json()
                  .get("data")
                  .get("reason")
                  .asText())
          .isEqualTo("token_revoked");
    }
    JsonNode status = bobTrail.status();
    assertThat(status.get("status").asText()).isEqualTo("degraded");
    assertThat(status.get("reason").get("reason").asText()).isEqualTo("token_revoked");

    // deliveries still arrive and are stored while nobody can manage the hook
    assertThat(
            app.github.deliver(
                s.repo(),
                "ping",
                "{\"zen\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .extracting(GitHubSimulator.SimulatedDelivery::statusCode)
        .containsExactly(202);

    // bob re-authorizes: storing the new token repairs the hook at once
    String renewed = "ghp_token_bob_renewed_" + IDS.incrementAndGet();
    app.github.addUser("token-bob", renewed, List.of("repo", "admin:repo_hook"));
    app.github.grant("token-bob", s.repo(), GitHubSimulator.Role.ADMIN);
    assertThat(
            app.http
                .put(
                    "/api/v2/providers/github/token",
                    bob.token(),
                    "{\"access_token\": \"" + renewed + "\"}")
                .status())
        .isEqualTo(200);
    bobTrail.awaitStatus("active", WAIT);
    // the status and its audit-trail event are two transactions: wait for the event too
    Poll.until(
        WAIT,
        () ->
            bobTrail.events().stream()
                .anyMatch(
                    e ->
                        e.get("kind").asText().equals("repaired")
                            && e.get("detail").asText().contains("working again")));
  }

  @Test
  void a_token_that_lost_its_scope_leaves_the_hook_degraded_for_a_lost_scope() {
    Setup s = setup("scope-lost");
    app.github.outOfBand().setScopes("scope-lost", List.of("read:user"));

    s.trail().awaitStatus("degraded", WAIT);
    assertThat(s.trail().status().get("reason").get("reason").asText())
        .isEqualTo("token_scope_lost");
    assertThat(s.trail().kinds()).contains("token_lost", "degraded");
  }

  @Test
  void a_renamed_then_transferred_repository_is_followed_and_keeps_working() {
    Setup s = setup("renamed");
    app.github.outOfBand().renameRepository(s.repo(), "heal/renamed-again");
    Poll.until(WAIT, () -> repositoryName(s).equals("heal/renamed-again"));
    app.github.outOfBand().renameRepository("heal/renamed-again", "new-owner/renamed-again");
    Poll.until(WAIT, () -> repositoryName(s).equals("new-owner/renamed-again"));

    app.github.fireWorkflowRun("new-owner/renamed-again", FiredRun.ci(false));
    Poll.until(WAIT, () -> incidents(s.user()).size() == 1);
    assertThat(s.trail().statusName()).isEqualTo("active");
  }

  private static String repositoryName(Setup s) {
    for (JsonNode r : app.http.get("/api/v2/repositories", s.user().token()).json().get("items")) {
      if (r.get("id").asText().equals(s.conn())) return r.get("repository_full_name").asText();
    }
    return "";
  }

  @Test
  void an_archived_repository_makes_the_hook_archived_and_deliveries_are_still_accepted() {
    Setup s = setup("archived");
    app.github.outOfBand().archiveRepository(s.repo());

    s.trail().awaitStatus("archived", WAIT);
    assertThat(app.github.fireWorkflowRun(s.repo(), FiredRun.ci(false)).deliveries())
        .extracting(GitHubSimulator.SimulatedDelivery::statusCode)
        .containsOnly(202);
    Poll.until(WAIT, () -> incidents(s.user()).size() == 1);
    assertThat(s.trail().statusName()).isEqualTo("archived");
  }

  @Test
  void a_deleted_repository_ends_its_connections_and_tells_their_users() {
    Setup s = setup("deleted-repo");
    try (SseStream live = stream(s.user())) {
      app.github.outOfBand().deleteRepository(s.repo());

      JsonNode ended = live.nextOfType("connection.ended", WAIT).json().get("data");
      assertThat(ended.get("connection_id").asText()).isEqualTo(s.conn());
      assertThat(ended.get("reason").asText()).isEqualTo("repository_deleted");
      assertThat(ended.get("repository").asText()).isEqualTo(s.repo());
    }
    assertThat(app.http.get("/api/v2/repositories", s.user().token()).json().get("items"))
        .noneMatch(r -> r.get("id").asText().equals(s.conn()));
    assertThat(
            app.http
                .get("/api/v2/repositories/" + s.conn() + "/webhook/status", s.user().token())
                .status())
        .isEqualTo(404);
  }
}
