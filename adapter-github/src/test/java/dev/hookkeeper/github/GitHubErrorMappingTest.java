package dev.hookkeeper.github;

import static dev.hookkeeper.github.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderHooksApi;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One test per row of issue 4's error table, on GitHub's real status codes, headers and bodies. */
class GitHubErrorMappingTest {
  private static final Secret TOKEN = Secret.of("ghp_secret_token_for_error_tests");
  private static final Secret SECRET = Secret.of("hook-secret-for-error-tests");
  private static final ProviderRepoRef REPO = new ProviderRepoRef(1L, "octocat/Hello-World");
  private static final HookSpec SPEC =
      new HookSpec("https://hooks.example.com/github", SECRET, List.of("workflow_run"));
  private static final String NOT_FOUND =
      "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest/reference/repos#get-a-repository-webhook\"}";
  private static final String REPO_JSON =
      "{\"id\":1,\"full_name\":\"octocat/Hello-World\",\"private\":true,\"default_branch\":\"main\"}";
  private static final String ADMIN_REPO_JSON =
      REPO_JSON.replace("}", ",\"permissions\":{\"admin\":true,\"push\":true,\"pull\":true}}");

  private final ApiServer api = new ApiServer();

  @AfterEach
  void stop() {
    api.close();
  }

  private static ProviderFailure failure(ProviderResult<?> result) {
    ProviderFailure f = result.failure();
    // whatever went wrong, neither the token nor the secret is in the message
    assertThat(f.message()).doesNotContain(TOKEN.reveal()).doesNotContain(SECRET.reveal());
    return f;
  }

  @Test
  void status_401_is_an_invalid_token() {
    api.enqueue(
        json(
            401,
            "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}"));
    ProviderFailure f = failure(api.client.identify(TOKEN));
    assertThat(f.reason()).isEqualTo(FailureReason.TOKEN_INVALID);
    assertThat(f.message()).contains("Bad credentials");
  }

  @Test
  void status_404_with_scopes_missing_from_the_accepted_ones_is_a_missing_scope() {
    // the real DELETE answer for a write:repo_hook token: a 404 that only the scope headers explain
    api.enqueue(
        json(404, NOT_FOUND)
            .setHeader("X-OAuth-Scopes", "write:repo_hook")
            .setHeader("X-Accepted-OAuth-Scopes", "admin:repo_hook, public_repo, repo"));
    ProviderFailure f = failure(api.client.deleteHook(TOKEN, REPO, "319833951"));
    assertThat(f.reason()).isEqualTo(FailureReason.TOKEN_SCOPE_MISSING);
    assertThat(f.message()).contains("write:repo_hook").contains("admin:repo_hook");
  }

  @Test
  void status_403_with_scopes_missing_is_a_missing_scope() {
    api.enqueue(
        json(403, "{\"message\":\"Must have admin rights to Repository.\"}")
            .setHeader("X-OAuth-Scopes", "read:repo_hook")
            .setHeader(
                "X-Accepted-OAuth-Scopes", "admin:repo_hook, public_repo, repo, write:repo_hook"));
    assertThat(failure(api.client.createHook(TOKEN, REPO, SPEC)).reason())
        .isEqualTo(FailureReason.TOKEN_SCOPE_MISSING);
  }

  @Test
  void status_403_from_a_fine_grained_token_is_insufficient_permissions() {
    api.enqueue(json(403, "{\"message\":\"Resource not accessible by personal access token\"}"));
    ProviderFailure f = failure(api.client.listHooks(TOKEN, REPO));
    assertThat(f.reason()).isEqualTo(FailureReason.INSUFFICIENT_PERMISSIONS);
    assertThat(f.message()).contains("Resource not accessible");
  }

  @Test
  void status_404_on_a_repository_with_fitting_scopes_is_repository_not_found() {
    api.enqueue(
        json(404, NOT_FOUND)
            .setHeader("X-OAuth-Scopes", "repo")
            .setHeader("X-Accepted-OAuth-Scopes", "repo"));
    assertThat(failure(api.client.getRepository(TOKEN, "nobody/nothing-here")).reason())
        .isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
  }

  @Test
  void status_404_on_hooks_of_an_invisible_repository_is_repository_not_found() {
    api.enqueue(
        json(404, NOT_FOUND)
            .setHeader("X-OAuth-Scopes", "repo")
            .setHeader(
                "X-Accepted-OAuth-Scopes",
                "admin:repo_hook, public_repo, read:repo_hook, repo, write:repo_hook"));
    api.enqueue(
        json(404, NOT_FOUND)
            .setHeader("X-OAuth-Scopes", "repo")
            .setHeader("X-Accepted-OAuth-Scopes", "repo"));
    assertThat(failure(api.client.listHooks(TOKEN, REPO)).reason())
        .isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
    assertThat(api.server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void status_404_on_hooks_of_a_visible_repository_is_insufficient_permissions() {
    // GitHub hides hooks from non-admins behind a 404; a readable repository tells the cases apart
    api.enqueue(
        json(404, NOT_FOUND)
            .setHeader("X-OAuth-Scopes", "repo")
            .setHeader(
                "X-Accepted-OAuth-Scopes",
                "admin:repo_hook, public_repo, read:repo_hook, repo, write:repo_hook"));
    api.enqueue(json(200, REPO_JSON).setHeader("X-OAuth-Scopes", "repo"));
    ProviderFailure f = failure(api.client.listHooks(TOKEN, REPO));
    assertThat(f.reason()).isEqualTo(FailureReason.INSUFFICIENT_PERMISSIONS);
    assertThat(f.message()).contains("admin");
  }

  @Test
  void status_404_on_a_hook_is_hook_not_found_when_the_repository_is_still_administered() {
    // recorded: GET of a deleted hook (recorded/…/8-r_h_g_hooks_319833951.json)
    api.enqueue(
        json(404, NOT_FOUND)
            .setHeader("X-OAuth-Scopes", "admin:repo_hook, repo")
            .setHeader(
                "X-Accepted-OAuth-Scopes",
                "admin:repo_hook, public_repo, read:repo_hook, repo, write:repo_hook"));
    api.enqueue(json(200, ADMIN_REPO_JSON));
    assertThat(failure(api.client.updateHook(TOKEN, REPO, "319833951", SPEC)).reason())
        .isEqualTo(FailureReason.HOOK_NOT_FOUND);
    assertThat(api.take().getMethod()).isEqualTo("PATCH");
    assertThat(api.take().getUrl().encodedPath()).isEqualTo("/repos/octocat/Hello-World");
  }

  @Test
  void
      status_404_on_a_hook_of_a_repository_no_longer_administered_is_insufficient_permissions_not_gone() {
    // a demoted admin gets the same 404 as for a deleted hook; mistaking it would recreate the hook
    api.enqueue(json(404, NOT_FOUND));
    api.enqueue(
        json(
            200,
            REPO_JSON.replace(
                "}", ",\"permissions\":{\"admin\":false,\"push\":true,\"pull\":true}}")));
    assertThat(failure(api.client.getHook(TOKEN, REPO, "319833951")).reason())
        .isEqualTo(FailureReason.INSUFFICIENT_PERMISSIONS);
  }

  @Test
  void status_404_on_a_hook_of_a_repository_that_is_gone_is_repository_not_found() {
    api.enqueue(json(404, NOT_FOUND));
    api.enqueue(json(404, NOT_FOUND));
    assertThat(failure(api.client.getHook(TOKEN, REPO, "319833951")).reason())
        .isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
  }

  @Test
  void status_404_on_a_redelivery_of_a_hook_that_exists_is_delivery_not_found() {
    api.enqueue(json(404, NOT_FOUND));
    api.enqueue(json(200, ADMIN_REPO_JSON));
    api.enqueue(json(200, Fixtures.text("api/hook.example.json")));
    assertThat(failure(api.client.redeliver(TOKEN, REPO, "12345678", "99")).reason())
        .isEqualTo(FailureReason.DELIVERY_NOT_FOUND);
  }

  @Test
  void status_422_on_a_redelivery_is_delivery_not_found_with_githubs_words() {
    api.enqueue(
        json(
            422,
            "{\"message\":\"Validation Failed\",\"errors\":[\"This delivery cannot be redelivered\"]}"));
    ProviderFailure f = failure(api.client.redeliver(TOKEN, REPO, "12345678", "99"));
    assertThat(f.reason()).isEqualTo(FailureReason.DELIVERY_NOT_FOUND);
    assertThat(f.message()).contains("422").contains("Validation Failed");
  }

  @Test
  void status_404_on_delete_with_fitting_scopes_means_already_gone() {
    api.enqueue(
        json(404, NOT_FOUND)
            .setHeader("X-OAuth-Scopes", "admin:repo_hook")
            .setHeader("X-Accepted-OAuth-Scopes", "admin:repo_hook, public_repo, repo"));
    api.enqueue(json(200, REPO_JSON.replace("}", ",\"permissions\":{\"admin\":true}}")));
    assertThat(api.client.deleteHook(TOKEN, REPO, "319833951").value())
        .isEqualTo(ProviderHooksApi.DeleteOutcome.ALREADY_GONE);
  }

  @Test
  void status_404_on_delete_by_a_former_admin_is_insufficient_permissions_not_gone() {
    api.enqueue(
        json(404, NOT_FOUND)
            .setHeader("X-OAuth-Scopes", "repo")
            .setHeader("X-Accepted-OAuth-Scopes", "admin:repo_hook, public_repo, repo"));
    api.enqueue(
        json(200, REPO_JSON.replace("}", ",\"permissions\":{\"admin\":false,\"push\":true}}")));
    assertThat(failure(api.client.deleteHook(TOKEN, REPO, "319833951")).reason())
        .isEqualTo(FailureReason.INSUFFICIENT_PERMISSIONS);
  }

  @Test
  void status_404_on_delete_in_a_repository_that_is_gone_means_already_gone() {
    api.enqueue(
        json(404, NOT_FOUND)
            .setHeader("X-OAuth-Scopes", "repo")
            .setHeader("X-Accepted-OAuth-Scopes", "admin:repo_hook, public_repo, repo"));
    api.enqueue(
        json(404, NOT_FOUND)
            .setHeader("X-OAuth-Scopes", "repo")
            .setHeader("X-Accepted-OAuth-Scopes", "repo"));
    assertThat(api.client.deleteHook(TOKEN, REPO, "319833951").value())
        .isEqualTo(ProviderHooksApi.DeleteOutcome.ALREADY_GONE);
  }

  @Test
  void status_422_hook_already_exists_is_matched_in_errors() {
    api.enqueue(
        json(
            422,
            "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Hook\",\"code\":\"custom\","
                + "\"message\":\"Hook already exists on this repository\"}],\"documentation_url\":\"https://developer.github.com/v3/repos/hooks/#create-a-hook\",\"status\":\"422\"}"));
    assertThat(failure(api.client.createHook(TOKEN, REPO, SPEC)).reason())
        .isEqualTo(FailureReason.HOOK_ALREADY_EXISTS);
  }

  @Test
  void status_422_over_twenty_hooks_is_the_hook_limit() {
    api.enqueue(
        json(
            422,
            "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Hook\",\"code\":\"custom\","
                + "\"message\":\"The \\\"push\\\" event cannot have more than 20 hooks; The \\\"workflow_run\\\" event cannot have more than 20 hooks\"}]}"));
    ProviderFailure f = failure(api.client.createHook(TOKEN, REPO, SPEC));
    assertThat(f.reason()).isEqualTo(FailureReason.HOOK_LIMIT_REACHED);
    assertThat(f.message()).contains("cannot have more than 20 hooks");
  }

  @Test
  void any_other_422_is_an_invalid_hook_config() {
    api.enqueue(
        json(
            422,
            "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Hook\",\"code\":\"custom\","
                + "\"message\":\"The URL you've entered is not valid\"}]}"));
    ProviderFailure f = failure(api.client.createHook(TOKEN, REPO, SPEC));
    assertThat(f.reason()).isEqualTo(FailureReason.INVALID_HOOK_CONFIG);
    assertThat(f.message()).contains("URL you've entered is not valid");
  }

  @Test
  void status_403_with_remaining_zero_is_rate_limited_until_the_reset() {
    long reset = ApiServer.NOW.getEpochSecond() + 1234;
    api.enqueue(
        json(403, "{\"message\":\"API rate limit exceeded for user ID 1.\"}")
            .setHeader("X-RateLimit-Remaining", "0")
            .setHeader("X-RateLimit-Reset", Long.toString(reset)));
    ProviderFailure f = failure(api.client.getRepository(TOKEN, "octocat/Hello-World"));
    assertThat(f.reason()).isEqualTo(FailureReason.RATE_LIMITED);
    // the reset is in whole seconds: retried once that second is over
    assertThat(f.retryAt()).isEqualTo(java.time.Instant.ofEpochSecond(reset + 1));
    // a rate limit is not retried: waiting is the caller's business
    assertThat(api.server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void status_429_with_retry_after_is_rate_limited_for_that_long() {
    api.enqueue(
        json(
                429,
                "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again\"}")
            .setHeader("Retry-After", "90"));
    ProviderFailure f = failure(api.client.createHook(TOKEN, REPO, SPEC));
    assertThat(f.reason()).isEqualTo(FailureReason.RATE_LIMITED);
    assertThat(f.retryAt()).isEqualTo(ApiServer.NOW.plusSeconds(90));
  }

  @Test
  void status_403_secondary_limit_without_headers_waits_a_minute() {
    api.enqueue(
        json(
            403,
            "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again\"}"));
    ProviderFailure f = failure(api.client.listHooks(TOKEN, REPO));
    assertThat(f.reason()).isEqualTo(FailureReason.RATE_LIMITED);
    assertThat(f.retryAt()).isEqualTo(ApiServer.NOW.plusSeconds(60));
  }

  @Test
  void status_5xx_is_retried_then_provider_unavailable() {
    for (int i = 0; i < ApiServer.ATTEMPTS; i++)
      api.enqueue(json(502, "{\"message\":\"Server Error\"}"));
    ProviderFailure f = failure(api.client.getRepository(TOKEN, "octocat/Hello-World"));
    assertThat(f.reason()).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
    assertThat(f.message()).contains("502").contains(ApiServer.ATTEMPTS + " attempt");
    assertThat(api.server.getRequestCount()).isEqualTo(ApiServer.ATTEMPTS);
  }

  @Test
  void a_5xx_followed_by_success_is_success() {
    api.enqueue(json(503, "{}"));
    api.enqueue(json(200, REPO_JSON).setHeader("X-OAuth-Scopes", "repo"));
    assertThat(api.client.getRepository(TOKEN, "octocat/Hello-World").value().providerRepoId())
        .isEqualTo(1L);
    assertThat(api.server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void io_failure_is_retried_then_provider_unavailable() {
    // a port nobody listens on any more: every attempt fails to connect
    String gone = api.server.url("/").toString();
    api.server.close();
    GitHubHooksClient client =
        new GitHubHooksClient(
            gone,
            new okhttp3.OkHttpClient(),
            new GitHubHooksClient.Settings(
                ApiServer.ATTEMPTS, java.time.Duration.ofMillis(1), java.time.Duration.ZERO));
    ProviderFailure f = failure(client.identify(TOKEN));
    assertThat(f.reason()).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
    assertThat(f.message())
        .contains("could not be reached")
        .contains(ApiServer.ATTEMPTS + " attempt");
  }

  @Test
  void a_classic_token_that_cannot_manage_hooks_is_refused_early() {
    api.enqueue(json(200, REPO_JSON).setHeader("X-OAuth-Scopes", "read:user, write:repo_hook"));
    ProviderFailure f = failure(api.client.getRepository(TOKEN, "octocat/Hello-World"));
    assertThat(f.reason()).isEqualTo(FailureReason.TOKEN_SCOPE_MISSING);
    assertThat(f.message()).contains("admin:repo_hook");
  }

  @Test
  void public_repo_scope_is_enough_for_a_public_repository_only() {
    api.enqueue(
        json(200, REPO_JSON.replace("\"private\":true", "\"private\":false"))
            .setHeader("X-OAuth-Scopes", "public_repo"));
    assertThat(api.client.getRepository(TOKEN, "octocat/Hello-World").isOk()).isTrue();
    api.enqueue(json(200, REPO_JSON).setHeader("X-OAuth-Scopes", "public_repo"));
    assertThat(failure(api.client.getRepository(TOKEN, "octocat/Hello-World")).reason())
        .isEqualTo(FailureReason.TOKEN_SCOPE_MISSING);
  }

  @Test
  void a_fine_grained_token_is_judged_by_the_api_not_by_scopes() {
    api.enqueue(json(200, REPO_JSON));
    assertThat(api.client.getRepository(TOKEN, "octocat/Hello-World").isOk()).isTrue();
  }

  @Test
  void an_unreadable_success_body_is_provider_unavailable_not_an_exception() {
    api.enqueue(json(200, "<html>unicorn</html>"));
    assertThat(failure(api.client.identify(TOKEN)).reason())
        .isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
  }
}
