package dev.hookkeeper.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookHealth;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderHooksApi.DeleteOutcome;
import dev.hookkeeper.core.port.ProviderHooksApi.PingOutcome;
import dev.hookkeeper.core.port.ProviderHooksApi.Redelivery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every status GitLab answers, mapped; request shapes checked on the wire (MockWebServer). */
final class GitLabHooksClientTest {
  private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
  private static final Secret OAUTH = Secret.of("oauth-token-abc");
  private static final Secret PAT = Secret.of("glpat-personal-xyz");
  private static final Secret HOOK_SECRET = Secret.of("hook-secret-123");
  private static final ProviderRepoRef REPO = new ProviderRepoRef(42, "acme/widgets");
  private static final ObjectMapper JSON = new ObjectMapper();

  private MockWebServer server;
  private OkHttpClient http;
  private GitLabHooksClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    http = new OkHttpClient();
    client =
        new GitLabHooksClient(
            http, server.url("/").toString(), 3, Duration.ofMillis(1), InstantSource.fixed(NOW));
  }

  @AfterEach
  void stop() {
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private void enqueue(int code, String body, String... headers) {
    MockResponse.Builder b =
        new MockResponse.Builder()
            .code(code)
            .body(body)
            .addHeader("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) b.addHeader(headers[i], headers[i + 1]);
    server.enqueue(b.build());
  }

  private RecordedRequest take() throws InterruptedException {
    return server.takeRequest();
  }

  private static JsonNode body(RecordedRequest r) throws IOException {
    return JSON.readTree(r.getBody().utf8());
  }

  private static HookSpec spec(String... events) {
    return new HookSpec(
        "https://hookkeeper.example.com/ingest/gitlab", HOOK_SECRET, List.of(events));
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = GitLabHooksClientTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void oauth_tokens_go_in_bearer_and_access_tokens_in_private_token() throws Exception {
    enqueue(200, "{\"id\":1,\"username\":\"maria\"}");
    enqueue(200, "{\"id\":1,\"username\":\"maria\"}");

    assertThat(client.identify(OAUTH).value().login()).isEqualTo("maria");
    assertThat(client.identify(PAT).value().scopes()).isEmpty();

    RecordedRequest first = take();
    assertThat(first.getTarget()).isEqualTo("/api/v4/user");
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer oauth-token-abc");
    assertThat(first.getHeaders().get("PRIVATE-TOKEN")).isNull();
    RecordedRequest second = take();
    assertThat(second.getHeaders().get("PRIVATE-TOKEN")).isEqualTo("glpat-personal-xyz");
    assertThat(second.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void maps_401_to_token_invalid_without_echoing_the_token() {
    enqueue(401, "{\"message\":\"401 Unauthorized oauth-token-abc\"}");

    ProviderResult<?> result = client.identify(OAUTH);

    assertThat(result.failure().reason()).isEqualTo(FailureReason.TOKEN_INVALID);
    assertThat(result.failure().message())
        .doesNotContain("oauth-token-abc")
        .contains("401 Unauthorized");
  }

  @Test
  void describes_a_project_by_its_url_encoded_path() throws Exception {
    enqueue(
        200,
        "{\"id\":42,\"path_with_namespace\":\"acme/widgets\",\"default_branch\":\"trunk\","
            + "\"visibility\":\"internal\",\"permissions\":{\"project_access\":{\"access_level\":40},\"group_access\":null}}");

    var repo = client.getRepository(OAUTH, "acme/widgets").value();

    assertThat(take().getTarget()).isEqualTo("/api/v4/projects/acme%2Fwidgets");
    assertThat(repo.providerRepoId()).isEqualTo(42);
    assertThat(repo.defaultBranch()).isEqualTo("trunk");
    assertThat(repo.privateRepo()).isTrue();
    assertThat(repo.callerAccess()).isEqualTo(AccessLevel.ADMIN);
  }

  @Test
  void maps_access_levels_taking_the_higher_of_project_and_group() throws Exception {
    assertThat(
            GitLabProjectJson.access(
                JSON.readTree("{\"project_access\":{\"access_level\":30},\"group_access\":null}")))
        .isEqualTo(AccessLevel.WRITE);
    assertThat(
            GitLabProjectJson.access(
                JSON.readTree(
                    "{\"project_access\":{\"access_level\":20},\"group_access\":{\"access_level\":50}}")))
        .isEqualTo(AccessLevel.ADMIN);
    assertThat(
            GitLabProjectJson.access(JSON.readTree("{\"project_access\":{\"access_level\":10}}")))
        .isEqualTo(AccessLevel.READ);
    assertThat(
            GitLabProjectJson.access(
                JSON.readTree("{\"project_access\":null,\"group_access\":null}")))
        .isEqualTo(AccessLevel.NONE);
    assertThat(GitLabProjectJson.access(JSON.missingNode())).isEqualTo(AccessLevel.UNKNOWN);
  }

  @Test
  void maps_404_on_a_project_to_repository_not_found() {
    enqueue(404, "{\"message\":\"404 Project Not Found\"}");

    assertThat(client.getRepository(OAUTH, "nobody/nothing").failure().reason())
        .isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
  }

  @Test
  void maps_404_on_a_hook_to_hook_not_found_unless_the_project_is_missing() {
    enqueue(404, "{\"message\":\"404 Not found\"}");
    enqueue(404, "{\"message\":\"404 Project Not Found\"}");

    assertThat(client.updateHook(OAUTH, REPO, "7", spec("pipeline_events")).failure().reason())
        .isEqualTo(FailureReason.HOOK_NOT_FOUND);
    assertThat(client.updateHook(OAUTH, REPO, "7", spec("pipeline_events")).failure().reason())
        .isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
  }

  @Test
  void maps_403_to_insufficient_permissions() {
    enqueue(403, "{\"message\":\"403 Forbidden\"}");

    assertThat(client.listHooks(OAUTH, REPO).failure().reason())
        .isEqualTo(FailureReason.INSUFFICIENT_PERMISSIONS);
  }

  @Test
  void maps_the_hook_limit_422_to_hook_limit_reached() {
    enqueue(422, "{\"error\":\"Maximum number of project hooks (100) exceeded\"}");

    ProviderResult<ProviderHook> result = client.createHook(OAUTH, REPO, spec("pipeline_events"));

    assertThat(result.failure().reason()).isEqualTo(FailureReason.HOOK_LIMIT_REACHED);
    assertThat(result.failure().message()).contains("Maximum number of project hooks (100)");
  }

  @Test
  void maps_other_422_and_400_to_invalid_hook_config() {
    enqueue(422, "{\"error\":\"Invalid url given\"}");
    enqueue(400, "{\"error\":\"url is missing\"}");

    assertThat(client.createHook(OAUTH, REPO, spec("push_events")).failure().reason())
        .isEqualTo(FailureReason.INVALID_HOOK_CONFIG);
    assertThat(client.createHook(OAUTH, REPO, spec("push_events")).failure().reason())
        .isEqualTo(FailureReason.INVALID_HOOK_CONFIG);
  }

  @Test
  void refuses_event_names_gitlab_has_no_flag_for_without_calling_it() {
    ProviderResult<ProviderHook> result = client.createHook(OAUTH, REPO, spec("workflow_run"));

    assertThat(result.failure().reason()).isEqualTo(FailureReason.INVALID_HOOK_CONFIG);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void maps_429_with_retry_after_to_rate_limited_with_the_retry_time() {
    enqueue(429, "Retry later", "Retry-After", "30", "RateLimit-Reset", "1893456000");

    ProviderResult<?> result = client.getRepository(OAUTH, "acme/widgets");

    assertThat(result.failure().reason()).isEqualTo(FailureReason.RATE_LIMITED);
    assertThat(result.failure().retryAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void falls_back_to_ratelimit_reset_when_429_has_no_retry_after() {
    long reset = NOW.plusSeconds(90).getEpochSecond();
    enqueue(429, "Retry later", "RateLimit-Reset", String.valueOf(reset));

    ProviderResult<?> result = client.listHooks(OAUTH, REPO);

    // the reset is in whole seconds: retried once that second is over
    assertThat(result.failure().retryAt()).isEqualTo(Instant.ofEpochSecond(reset + 1));
  }

  @Test
  void retries_5xx_a_bounded_number_of_times_then_succeeds() {
    enqueue(502, "");
    enqueue(500, "{\"message\":\"500 Internal Server Error\"}");
    enqueue(200, "{\"id\":1,\"username\":\"maria\"}");

    assertThat(client.identify(OAUTH).isOk()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void maps_persistent_5xx_to_provider_unavailable_after_the_retries() {
    for (int i = 0; i < 3; i++) enqueue(503, "");

    ProviderResult<?> result = client.getRepository(OAUTH, "acme/widgets");

    assertThat(result.failure().reason()).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void does_not_retry_a_create_that_gitlab_may_have_carried_out() {
    enqueue(500, "");
    enqueue(201, "{\"id\":9,\"url\":\"x\"}");

    ProviderResult<ProviderHook> result = client.createHook(OAUTH, REPO, spec("pipeline_events"));

    assertThat(result.failure().reason()).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void maps_an_unreachable_instance_to_provider_unavailable() throws IOException {
    String url = server.url("/").toString();
    server.close();
    GitLabHooksClient offline =
        new GitLabHooksClient(http, url, 2, Duration.ofMillis(1), InstantSource.fixed(NOW));

    ProviderResult<?> result = offline.identify(OAUTH);

    assertThat(result.failure().reason()).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
    assertThat(result.failure().message()).doesNotContain(OAUTH.reveal());
  }

  @Test
  void creates_a_hook_with_token_every_flag_and_ssl_verification() throws Exception {
    enqueue(201, resource("/gitlab/api/project_hook.json"));

    ProviderHook hook =
        client.createHook(OAUTH, REPO, spec("pipeline_events", "job_events")).value();

    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/api/v4/projects/42/hooks");
    JsonNode sent = body(request);
    assertThat(sent.path("url").asText()).isEqualTo("https://hookkeeper.example.com/ingest/gitlab");
    assertThat(sent.path("token").asText()).isEqualTo(HOOK_SECRET.reveal());
    assertThat(sent.path("pipeline_events").asBoolean()).isTrue();
    assertThat(sent.path("job_events").asBoolean()).isTrue();
    // GitLab defaults push_events to true: it must be sent as false when not asked for.
    assertThat(sent.path("push_events").isBoolean()).isTrue();
    assertThat(sent.path("push_events").asBoolean()).isFalse();
    assertThat(sent.path("enable_ssl_verification").asBoolean()).isTrue();
    // The real hook fixture (no alert_status: an older GitLab) reads as an active JSON hook.
    assertThat(hook.providerHookId()).isEqualTo("1");
    assertThat(hook.active()).isTrue();
    assertThat(hook.health()).isEqualTo(HookHealth.EXECUTABLE);
    assertThat(hook.contentType()).isEqualTo("json");
    assertThat(hook.events()).contains("push_events", "pipeline_events", "job_events");
  }

  @Test
  void updates_with_put_resending_url_and_token() throws Exception {
    enqueue(
        200,
        "{\"id\":7,\"url\":\"https://hookkeeper.example.com/ingest/gitlab\",\"pipeline_events\":true}");

    client.updateHook(OAUTH, REPO, "7", spec("pipeline_events")).value();

    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("PUT");
    assertThat(request.getTarget()).isEqualTo("/api/v4/projects/42/hooks/7");
    assertThat(body(request).path("url").asText())
        .isEqualTo("https://hookkeeper.example.com/ingest/gitlab");
    assertThat(body(request).path("token").asText()).isEqualTo(HOOK_SECRET.reveal());
  }

  @Test
  void reads_a_hook_gitlab_disabled_after_failures() {
    enqueue(
        200,
        "[{\"id\":7,\"url\":\"u\",\"pipeline_events\":true,\"alert_status\":\"temporarily_disabled\","
            + "\"disabled_until\":\"2026-11-30T06:05:00.000Z\"},{\"id\":8,\"url\":\"v\",\"alert_status\":\"disabled\",\"disabled_until\":null}]");

    List<ProviderHook> hooks = client.listHooks(OAUTH, REPO).value();

    assertThat(hooks.get(0).health())
        .isEqualTo(
            new HookHealth(
                HookHealth.AlertStatus.TEMPORARILY_DISABLED,
                Instant.parse("2026-11-30T06:05:00Z"),
                null));
    assertThat(hooks.get(0).delivering(Instant.parse("2026-11-30T06:04:59Z"))).isFalse();
    assertThat(hooks.get(0).delivering(Instant.parse("2026-11-30T06:05:00Z"))).isTrue();
    assertThat(hooks.get(1).health().alertStatus()).isEqualTo(HookHealth.AlertStatus.DISABLED);
    assertThat(hooks.get(1).health().disabledUntil()).isNull();
    assertThat(hooks.get(1).delivering(Instant.parse("2036-01-01T00:00:00Z"))).isFalse();
  }

  @Test
  void lists_every_page_following_x_next_page_or_link() throws Exception {
    enqueue(200, "[{\"id\":1,\"url\":\"a\"}]", "X-Next-Page", "2");
    enqueue(
        200,
        "[{\"id\":2,\"url\":\"b\"}]",
        "Link",
        "<http://gitlab/api/v4/projects/42/hooks?page=3&per_page=100>; rel=\"next\"");
    enqueue(200, "[{\"id\":3,\"url\":\"c\"}]", "X-Next-Page", "");

    List<ProviderHook> hooks = client.listHooks(OAUTH, REPO).value();

    assertThat(hooks).extracting(ProviderHook::providerHookId).containsExactly("1", "2", "3");
    assertThat(take().getTarget()).isEqualTo("/api/v4/projects/42/hooks?per_page=100&page=1");
    assertThat(take().getTarget()).endsWith("page=2");
    assertThat(take().getTarget()).endsWith("page=3");
  }

  @Test
  void deletes_and_treats_404_as_already_gone() {
    enqueue(204, "");
    enqueue(404, "{\"message\":\"404 Not found\"}");

    assertThat(client.deleteHook(OAUTH, REPO, "7").value()).isEqualTo(DeleteOutcome.DELETED);
    assertThat(client.deleteHook(OAUTH, REPO, "7").value()).isEqualTo(DeleteOutcome.ALREADY_GONE);
  }

  @Test
  void pings_with_a_test_push_falling_back_to_a_test_pipeline() throws Exception {
    enqueue(422, "{\"message\":\"Ensure the project has at least one commit.\"}");
    enqueue(201, "{\"message\":\"201 Created\"}");

    assertThat(client.ping(OAUTH, REPO, "7").value()).isEqualTo(PingOutcome.SENT);
    assertThat(take().getTarget()).isEqualTo("/api/v4/projects/42/hooks/7/test/push_events");
    assertThat(take().getTarget()).isEqualTo("/api/v4/projects/42/hooks/7/test/pipeline_events");
  }

  @Test
  void ping_is_not_supported_on_an_instance_older_than_16_11() throws Exception {
    enqueue(404, "{\"error\":\"404 Not Found\"}");
    enqueue(200, "{\"version\":\"16.10.2-ee\",\"revision\":\"abc\"}");

    assertThat(client.ping(OAUTH, REPO, "7").value()).isEqualTo(PingOutcome.NOT_SUPPORTED);
    take();
    assertThat(take().getTarget()).isEqualTo("/api/v4/version");
  }

  @Test
  void ping_of_a_missing_hook_on_a_new_instance_is_hook_not_found() {
    enqueue(404, "{\"message\":\"404 Not found\"}");
    enqueue(200, "{\"version\":\"17.11.0\"}");

    assertThat(client.ping(OAUTH, REPO, "7").failure().reason())
        .isEqualTo(FailureReason.HOOK_NOT_FOUND);
  }

  @Test
  void ping_answered_405_is_not_supported() {
    enqueue(405, "{\"error\":\"405 Method Not Allowed\"}");

    assertThat(client.ping(OAUTH, REPO, "7").value()).isEqualTo(PingOutcome.NOT_SUPPORTED);
  }

  @Test
  void lists_deliveries_from_the_hook_events_api_and_filters_failures() throws Exception {
    String events =
        "[{\"id\":5,\"trigger\":\"pipeline_hooks\",\"request_headers\":{\"Idempotency-Key\":\"key-5\","
            + "\"X-Gitlab-Event\":\"Pipeline Hook\"},\"request_data\":{\"object_kind\":\"pipeline\"},"
            + "\"response_status\":\"500\",\"response_headers\":{\"Date\":\"Sun, 26 May 2024 03:03:17 GMT\"}},"
            + "{\"id\":4,\"trigger\":\"push_hooks\",\"request_headers\":{\"X-Gitlab-Event-UUID\":\"uuid-4\"},"
            + "\"response_status\":\"200\"},"
            + "{\"id\":3,\"trigger\":\"push_hooks\",\"request_headers\":{},\"response_status\":\"internal error\"}]";
    enqueue(200, events, "X-Next-Page", "2");
    enqueue(200, events, "X-Next-Page", "");

    Page<ProviderDelivery> all = client.listDeliveries(OAUTH, REPO, "7", null, false).value();
    Page<ProviderDelivery> failed = client.listDeliveries(OAUTH, REPO, "7", "2", true).value();

    assertThat(take().getTarget())
        .isEqualTo("/api/v4/projects/42/hooks/7/events?per_page=100&page=1");
    assertThat(take().getTarget()).endsWith("page=2");
    assertThat(all.nextCursor()).isEqualTo("2");
    assertThat(all.items()).hasSize(3);
    ProviderDelivery first = all.items().get(0);
    assertThat(first.providerDeliveryId()).isEqualTo("5");
    assertThat(first.guid()).isEqualTo("key-5");
    assertThat(first.event()).isEqualTo("Pipeline Hook");
    assertThat(first.statusCode()).isEqualTo(500);
    assertThat(first.success()).isFalse();
    assertThat(first.deliveredAt()).isEqualTo(Instant.parse("2024-05-26T03:03:17Z"));
    assertThat(all.items().get(1).guid()).isEqualTo("uuid-4");
    assertThat(all.items().get(2).event()).isEqualTo("push_hooks");
    assertThat(all.items().get(2).deliveredAt()).isEqualTo(NOW);
    assertThat(failed.items())
        .extracting(ProviderDelivery::providerDeliveryId)
        .containsExactly("5", "3");
    assertThat(failed.nextCursor()).isNull();
  }

  @Test
  void deliveries_are_unsupported_on_an_instance_older_than_17_3_and_the_version_is_cached()
      throws Exception {
    enqueue(404, "{\"error\":\"404 Not Found\"}");
    enqueue(200, "{\"version\":\"17.2.1\"}");
    enqueue(404, "{\"error\":\"404 Not Found\"}");

    assertThat(client.listDeliveries(OAUTH, REPO, "7", null, false).failure().reason())
        .isEqualTo(FailureReason.UNSUPPORTED_BY_PROVIDER);
    assertThat(client.redeliver(OAUTH, REPO, "7", "5").failure().reason())
        .isEqualTo(FailureReason.UNSUPPORTED_BY_PROVIDER);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void redelivers_through_the_resend_endpoint() throws Exception {
    enqueue(201, "{\"response_status\":200}");

    assertThat(client.redeliver(OAUTH, REPO, "7", "5").value()).isEqualTo(Redelivery.REQUESTED);
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/api/v4/projects/42/hooks/7/events/5/resend");
  }

  @Test
  void resend_is_rate_limited_like_everything_else() {
    enqueue(429, "Retry later", "Retry-After", "60");

    ProviderResult<Redelivery> result = client.redeliver(OAUTH, REPO, "7", "5");

    assertThat(result.failure().reason()).isEqualTo(FailureReason.RATE_LIMITED);
    assertThat(result.failure().retryAt()).isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  void works_against_a_self_managed_instance_under_a_path() throws Exception {
    GitLabHooksClient relative =
        new GitLabHooksClient(
            http, server.url("/gitlab").toString(), 1, Duration.ZERO, InstantSource.fixed(NOW));
    enqueue(200, "{\"id\":1,\"username\":\"maria\"}");

    relative.identify(OAUTH).value();

    assertThat(take().getTarget()).isEqualTo("/gitlab/api/v4/user");
  }
}
