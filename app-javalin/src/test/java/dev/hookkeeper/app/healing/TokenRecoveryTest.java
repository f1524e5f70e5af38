package dev.hookkeeper.app.healing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.AppConfig;
import dev.hookkeeper.app.support.HookTrail;
import dev.hookkeeper.app.support.OAuthFlow;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.RotateApiToken;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A lost token, and what brings the hook back: a GitLab OAuth token the provider calls expired is
 * renewed with its refresh token (the dashboard's renewal) before it counts as lost; a new token
 * stored through the API, or a fresh sign-in, reconciles that user's degraded hooks at once. The
 * reconcile interval is an hour here, so only those triggers (and {@code POST …/reconcile}) act.
 */
class TokenRecoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestApp app;

  @BeforeAll
  static void start() {
    app =
        TestApp.startWithSignIn(
            new AppConfig.HealingConfig(
                Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO, Duration.ofHours(24)));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /**
   * Signs {@code username} in to Hookkeeper with GitLab; returns the user with an API token for the
   * tests.
   */
  private static TestUser signInWithGitLab(String username) {
    app.gitlab.browserSignIn(username);
    OAuthFlow.Result r = OAuthFlow.signIn(app.http, "gitlab");
    assertThat(r.callback().status()).as(r.callback().toString()).isEqualTo(303);
    String session = r.sessionCookie().substring("hk_session=".length());
    User user =
        app.server
            .signInUseCases()
            .authenticateSession()
            .authenticate(session)
            .orElseThrow()
            .user();
    RotateApiToken.Result token = app.server.useCases().rotateApiToken().rotate(user.id());
    return new TestUser(
        user.id().value(), ((RotateApiToken.Result.Rotated) token).apiToken().reveal());
  }

  private static JsonNode reconcile(TestUser user, String conn) {
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

  private static List<String> foundKinds(JsonNode report) {
    List<String> kinds = new ArrayList<>();
    report.get("found").forEach(f -> kinds.add(f.get("kind").asText()));
    return kinds;
  }

  @Test
  void a_gitlab_token_the_provider_calls_expired_is_renewed_before_it_counts_as_lost() {
    String project = "renew/expired";
    app.gitlab.addProject(project);
    app.gitlab.addUser("renew-gl", "glpat-renew-unused-000001");
    app.gitlab.grant("renew-gl", project, GitLabSimulator.Role.MAINTAINER);
    TestUser user = signInWithGitLab("renew-gl");
    String conn = app.connectActive(user, project, "gitlab");
    HookTrail trail = new HookTrail(app, user, conn);

    app.gitlab.outOfBand().expireOAuthTokensOf("renew-gl");
    JsonNode report = reconcile(user, conn);

    assertThat(report.get("outcome").asText()).as("%s", report).isEqualTo("reconciled");
    assertThat(report.get("webhook_status").asText()).isEqualTo("active");
    assertThat(foundKinds(report)).contains("token_refreshed").doesNotContain("token_refused");
    assertThat(trail.kinds()).doesNotContain("token_lost", "degraded", "handed_over");
    // the renewed token is the one stored: the next turn uses it without renewing again
    JsonNode again = reconcile(user, conn);
    assertThat(foundKinds(again)).doesNotContain("token_refreshed", "token_refused");
    assertThat(again.get("outcome").asText()).isEqualTo("reconciled");
  }

  @Test
  void a_token_whose_renewal_is_refused_degrades_the_hook_and_a_fresh_sign_in_repairs_it_at_once() {
    String project = "renew/revoked";
    app.gitlab.addProject(project);
    app.gitlab.addUser("revoke-gl", "glpat-revoke-unused-00001");
    app.gitlab.grant("revoke-gl", project, GitLabSimulator.Role.MAINTAINER);
    TestUser user = signInWithGitLab("revoke-gl");
    String conn = app.connectActive(user, project, "gitlab");
    HookTrail trail = new HookTrail(app, user, conn);

    // the user revokes Hookkeeper's access at GitLab: the renewal is refused too (invalid_grant)
    app.gitlab.outOfBand().revokeOAuthGrantsOf("revoke-gl");
    JsonNode report = reconcile(user, conn);
    assertThat(report.get("outcome").asText()).as("%s", report).isEqualTo("degraded");
    assertThat(trail.status().path("reason").path("reason").asText())
        .as("%s %s", trail.status(), trail.kinds())
        .isEqualTo("token_revoked");
    assertThat(trail.kinds()).contains("token_lost", "degraded");

    // signing in again stores a working token: the hook is reconciled at once, not in an hour
    TestUser again =
        signInWithGitLab("revoke-gl"); // the same user, with a new API token for the test
    assertThat(again.id()).isEqualTo(user.id());
    HookTrail after = new HookTrail(app, again, conn);
    after.awaitStatus("active", WAIT);
    // the status and its audit-trail event are two transactions: wait for the event too
    Poll.until(
        WAIT,
        () ->
            after.events().stream()
                .anyMatch(
                    e ->
                        e.get("kind").asText().equals("repaired")
                            && e.get("detail").asText().contains("working again")));
  }

  @Test
  void
      a_token_stored_through_the_api_repairs_that_users_degraded_hooks_at_once_on_both_providers() {
    // GitHub: a personal token revoked, then a new one stored
    String repo = "renew/github";
    app.github.addRepository(repo, 9101L, true, "main");
    String first = "ghp_renew_first_00000000000000000001";
    app.github.addUser("renew-gh", first, List.of("repo", "admin:repo_hook"));
    app.github.grant("renew-gh", repo, GitHubSimulator.Role.ADMIN);
    TestUser gh = app.gitHubUser("renew-gh", first);
    String ghConn = app.connectActive(gh, repo, "github");
    HookTrail ghTrail = new HookTrail(app, gh, ghConn);
    app.github.outOfBand().revokeToken(first);
    assertThat(reconcile(gh, ghConn).get("outcome").asText()).isEqualTo("degraded");
    assertThat(ghTrail.statusName()).isEqualTo("degraded");

    String second = "ghp_renew_second_0000000000000000002";
    app.github.addUser(
        "renew-gh", second, List.of("repo", "admin:repo_hook")); // the same person, another token
    assertThat(
            app.http
                .put(
                    "/api/v2/providers/github/token",
                    gh.token(),
                    "{\"access_token\": \"" + second + "\"}")
                .status())
        .isEqualTo(200);
    ghTrail.awaitStatus("active", WAIT);

    // GitLab: a personal access token revoked, then a new one stored
    String project = "renew/gitlab-pat";
    app.gitlab.addProject(project);
    String pat = "glpat-renew-pat-first-0001";
    app.gitlab.addUser("renew-pat", pat);
    app.gitlab.grant("renew-pat", project, GitLabSimulator.Role.MAINTAINER);
    TestUser gl = app.createUser("renew-pat");
    assertThat(
            app.http
                .put(
                    "/api/v2/providers/gitlab/token",
                    gl.token(),
                    "{\"access_token\": \"" + pat + "\"}")
                .status())
        .isEqualTo(200);
    String glConn = app.connect(gl, project, "gitlab");
    HookTrail glTrail = new HookTrail(app, gl, glConn);
    glTrail.awaitStatus("active", WAIT);
    app.gitlab.outOfBand().revokeToken(pat);
    assertThat(reconcile(gl, glConn).get("outcome").asText()).isEqualTo("degraded");
    assertThat(glTrail.status().path("reason").path("reason").asText())
        .as("%s %s", glTrail.status(), glTrail.kinds())
        .isEqualTo("token_revoked");

    String newPat = "glpat-renew-pat-second-002";
    app.gitlab.addUser("renew-pat", newPat);
    assertThat(
            app.http
                .put(
                    "/api/v2/providers/gitlab/token",
                    gl.token(),
                    "{\"access_token\": \"" + newPat + "\"}")
                .status())
        .isEqualTo(200);
    glTrail.awaitStatus("active", WAIT);
    glTrail.await("repaired", WAIT);
    assertThat(glTrail.kinds()).containsSubsequence("token_lost", "degraded", "repaired");
  }
}
