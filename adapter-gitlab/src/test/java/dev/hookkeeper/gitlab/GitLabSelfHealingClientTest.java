package dev.hookkeeper.gitlab;

import static dev.hookkeeper.gitlab.GitLabApiServer.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookHealth;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the reconciler needs from GitLab, against GitLab's answers: hook health, re-enabling by test
 * delivery, resend of what the log no longer has, token loss told apart, budgets, moved projects.
 */
class GitLabSelfHealingClientTest {
  private static final Secret TOKEN = Secret.of("glpat-maintainer-123");
  private static final Secret HOOK_SECRET = Secret.of("hook-secret-123");
  private static final ProviderRepoRef REPO = new ProviderRepoRef(42, "acme/widgets");
  private static final HookSpec SPEC =
      new HookSpec(
          "https://hookkeeper.example.com/ingest/gitlab",
          HOOK_SECRET,
          List.of("pipeline_events", "job_events"));
  private static final String HOOK =
      "{\"id\":7,\"url\":\"https://hookkeeper.example.com/ingest/gitlab\",\"pipeline_events\":true,"
          + "\"job_events\":true,\"alert_status\":\"%s\",\"disabled_until\":%s}";

  private final GitLabApiServer api = new GitLabApiServer();

  @AfterEach
  void stop() {
    api.close();
  }

  private static ProviderFailure failure(dev.hookkeeper.core.model.ProviderResult<?> result) {
    ProviderFailure f = result.failure();
    assertThat(f.message()).doesNotContain(TOKEN.reveal()).doesNotContain(HOOK_SECRET.reveal());
    return f;
  }

  @Test
  void reads_one_hook_with_gitlabs_alert_status() {
    api.enqueue(200, String.format(HOOK, "temporarily_disabled", "\"2026-11-30T06:01:00.000Z\""));

    ProviderHook hook = api.client.getHook(TOKEN, REPO, "7").value();

    assertThat(api.take().getTarget()).isEqualTo("/api/v4/projects/42/hooks/7");
    assertThat(hook.health())
        .isEqualTo(
            new HookHealth(
                HookHealth.AlertStatus.TEMPORARILY_DISABLED,
                Instant.parse("2026-11-30T06:01:00Z"),
                null));
    assertThat(hook.active()).isTrue();
    assertThat(hook.delivering(GitLabApiServer.NOW)).isFalse();
  }

  @Test
  void reenables_with_the_update_then_a_test_delivery_then_reads_the_hook_back() {
    api.enqueue(200, String.format(HOOK, "disabled", "null"));
    api.enqueue(201, "{\"message\":\"201 Created\"}");
    api.enqueue(200, String.format(HOOK, "executable", "null"));

    ProviderHook hook = api.client.reenableHook(TOKEN, REPO, "7", SPEC).value();

    RecordedRequest put = api.take();
    assertThat(put.getMethod()).isEqualTo("PUT");
    // url and token always: GitLab resets the token when the url changes (provider-facts 0.12)
    assertThat(body(put).path("url").asText()).isEqualTo(SPEC.url());
    assertThat(body(put).path("token").asText()).isEqualTo(HOOK_SECRET.reveal());
    RecordedRequest test = api.take();
    assertThat(test.getMethod()).isEqualTo("POST");
    // a push: a test pipeline would re-send the newest pipeline ahead of the older ones being
    // recovered
    assertThat(test.getTarget()).isEqualTo("/api/v4/projects/42/hooks/7/test/push_events");
    assertThat(api.take().getTarget()).isEqualTo("/api/v4/projects/42/hooks/7");
    assertThat(hook.health()).isEqualTo(HookHealth.EXECUTABLE);
  }

  @Test
  void a_test_delivery_that_fails_leaves_the_hook_disabled() {
    api.enqueue(200, String.format(HOOK, "disabled", "null"));
    api.enqueue(422, "{\"message\":\"Hook execution failed: HTTP 503\"}");

    ProviderFailure f = failure(api.client.reenableHook(TOKEN, REPO, "7", SPEC));

    assertThat(f.reason()).isEqualTo(FailureReason.HOOK_DISABLED_BY_PROVIDER);
    assertThat(f.message()).contains("Hook execution failed: HTTP 503");
  }

  @Test
  void a_project_with_nothing_to_test_with_cannot_be_reenabled() {
    api.enqueue(200, String.format(HOOK, "disabled", "null"));
    api.enqueue(422, "{\"message\":\"Ensure the project has at least one commit.\"}");
    api.enqueue(422, "{\"message\":\"Ensure the project has CI pipelines.\"}");

    assertThat(failure(api.client.reenableHook(TOKEN, REPO, "7", SPEC)).reason())
        .isEqualTo(FailureReason.HOOK_DISABLED_BY_PROVIDER);
  }

  @Test
  void the_test_endpoints_five_a_minute_is_rate_limited() {
    api.enqueue(200, String.format(HOOK, "disabled", "null"));
    api.enqueue(
        429,
        "{\"message\":{\"error\":\"This endpoint has been requested too many times. Try again later.\"}}");

    ProviderFailure f = failure(api.client.reenableHook(TOKEN, REPO, "7", SPEC));

    assertThat(f.reason()).isEqualTo(FailureReason.RATE_LIMITED);
    assertThat(f.retryAt()).isEqualTo(GitLabApiServer.NOW.plusSeconds(60));
  }

  @Test
  void resending_an_event_the_log_no_longer_has_is_delivery_not_found() {
    api.enqueue(404, "{\"message\":\"404 Not found\"}");
    api.enqueue(200, "{\"version\":\"17.11.0\",\"revision\":\"abc\"}");
    api.enqueue(200, String.format(HOOK, "executable", "null"));

    assertThat(failure(api.client.redeliver(TOKEN, REPO, "7", "123")).reason())
        .isEqualTo(FailureReason.DELIVERY_NOT_FOUND);
    assertThat(api.take().getTarget()).isEqualTo("/api/v4/projects/42/hooks/7/events/123/resend");
  }

  @Test
  void lists_hook_events_with_status_text_and_duration() {
    api.enqueue(
        200,
        "[{\"id\":9,\"url\":\"u\",\"trigger\":\"pipeline_hooks\",\"request_headers\":{\"X-Gitlab-Event\":\"Pipeline Hook\","
            + "\"Idempotency-Key\":\"key-1\"},\"request_data\":{},\"response_headers\":{},\"response_body\":\"\",\"execution_duration\":1.5,"
            + "\"response_status\":\"internal error\",\"created_at\":\"2026-11-30T05:00:00.000Z\"}]");

    ProviderDelivery d =
        api.client.listDeliveries(TOKEN, REPO, "7", null, true).value().items().get(0);

    assertThat(d.status()).isEqualTo("internal error");
    assertThat(d.statusCode()).isZero();
    assertThat(d.success()).isFalse();
    assertThat(d.duration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(d.guid()).isEqualTo("key-1");
  }

  @Test
  void an_expired_token_is_told_apart_from_a_revoked_one() {
    api.enqueue(
        401,
        "{\"error\":\"invalid_token\",\"error_description\":\"Token is expired. You can either do re-authorization or token refresh.\"}");
    api.enqueue(
        401,
        "{\"error\":\"invalid_token\",\"error_description\":\"Token was revoked. You have to re-authorize from the user.\"}");

    ProviderFailure expired = failure(api.client.identify(TOKEN));
    ProviderFailure revoked = failure(api.client.identify(TOKEN));

    assertThat(expired.reason()).isEqualTo(FailureReason.TOKEN_EXPIRED);
    assertThat(revoked.reason()).isEqualTo(FailureReason.TOKEN_INVALID);
    assertThat(revoked.message()).contains("Token was revoked");
  }

  @Test
  void a_read_api_token_asked_to_write_is_a_missing_scope_not_a_missing_role() {
    api.enqueue(
        403,
        "{\"error\":\"insufficient_scope\",\"error_description\":\"The request requires higher privileges than provided by"
            + " the access token.\",\"scope\":\"api\"}");
    api.enqueue(403, "{\"message\":\"403 Forbidden\"}");

    assertThat(failure(api.client.createHook(TOKEN, REPO, SPEC)).reason())
        .isEqualTo(FailureReason.TOKEN_SCOPE_MISSING);
    assertThat(failure(api.client.createHook(TOKEN, REPO, SPEC)).reason())
        .isEqualTo(FailureReason.INSUFFICIENT_PERMISSIONS);
  }

  @Test
  void keeps_each_tokens_budget_from_gitlabs_ratelimit_headers() {
    String reset = Long.toString(GitLabApiServer.NOW.getEpochSecond() + 60);
    api.enqueue(
        200,
        "{\"id\":1,\"username\":\"maria\"}",
        "RateLimit-Limit",
        "2000",
        "RateLimit-Remaining",
        "150",
        "RateLimit-Reset",
        reset,
        "RateLimit-Name",
        "throttle_authenticated_api");

    api.client.identify(TOKEN).value();

    var budget = api.client.rateBudget(TOKEN).orElseThrow();
    assertThat(budget.limit()).isEqualTo(2000);
    assertThat(budget.remaining()).isEqualTo(150);
    // the reset is in whole seconds: refilled once that second is over
    assertThat(budget.resetAt()).isEqualTo(GitLabApiServer.NOW.plusSeconds(61));
    assertThat(budget.isBelow(0.1, GitLabApiServer.NOW)).isTrue();
    assertThat(api.client.runsClient().rateBudget(TOKEN)).contains(budget);
    api.enqueue(200, "{\"id\":1,\"username\":\"maria\"}");
    Secret other = Secret.of("glpat-other");
    api.client.identify(other).value();
    // a self-managed instance without limits sends no headers: nothing is known
    assertThat(api.client.rateBudget(other)).isEmpty();
  }

  @Test
  void a_reference_without_id_is_resolved_by_get_following_a_moved_projects_301() {
    api.enqueue(
        301,
        "{\"message\":\"301 Moved Permanently\"}",
        "Location",
        api.server.url("/api/v4/projects/42").toString());
    api.enqueue(200, "{\"id\":42,\"path_with_namespace\":\"acme/gadgets\"}");
    api.enqueue(201, String.format(HOOK, "executable", "null"));

    api.client.createHook(TOKEN, new ProviderRepoRef(0, "acme/widgets"), SPEC).value();

    RecordedRequest byOldPath = api.take();
    assertThat(byOldPath.getMethod()).isEqualTo("GET");
    assertThat(byOldPath.getTarget()).isEqualTo("/api/v4/projects/acme%2Fwidgets");
    assertThat(api.take().getTarget()).isEqualTo("/api/v4/projects/42");
    RecordedRequest create = api.take();
    // never a POST by the old path: GitLab answers that with 405 (provider-facts 4.6)
    assertThat(create.getMethod()).isEqualTo("POST");
    assertThat(create.getTarget()).isEqualTo("/api/v4/projects/42/hooks");
    assertThat(create.getHeaders().get("PRIVATE-TOKEN")).isEqualTo(TOKEN.reveal());
  }

  @Test
  void a_405_for_a_moved_project_is_reported_and_a_redirect_elsewhere_is_not_followed() {
    api.enqueue(405, "{\"message\":\"Non GET methods are not allowed for moved projects\"}");
    ProviderFailure moved = failure(api.client.deleteHook(TOKEN, REPO, "7"));
    assertThat(moved.reason()).isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
    assertThat(moved.message()).contains("moved projects");

    api.enqueue(301, "", "Location", "https://evil.example.com/api/v4/projects/42");
    assertThat(failure(api.client.getRepository(TOKEN, "acme/widgets")).reason())
        .isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
    assertThat(api.server.getRequestCount()).isEqualTo(2);
  }
}
