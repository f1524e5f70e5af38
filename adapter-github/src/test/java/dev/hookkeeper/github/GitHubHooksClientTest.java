package dev.hookkeeper.github;

import static dev.hookkeeper.github.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenIdentity;
import dev.hookkeeper.core.port.ProviderHooksApi;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request shapes and answer parsing against GitHub's documented and recorded answers. */
class GitHubHooksClientTest {
  private static final Secret TOKEN = Secret.of("ghp_test_token_value_never_logged");
  private static final Secret SECRET = Secret.of("webhook-secret-value-never-logged");
  private static final ProviderRepoRef REPO = new ProviderRepoRef(1296269L, "octocat/Hello-World");
  private static final HookSpec SPEC =
      new HookSpec(
          "https://hooks.example.com/ingest/github",
          SECRET,
          List.of("workflow_run", "push", "meta"));
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ApiServer api = new ApiServer();

  @AfterEach
  void stop() {
    api.close();
  }

  private static void assertGitHubHeaders(RecordedRequest r) {
    assertThat(r.getHeaders().get("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(r.getHeaders().get("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN.reveal());
    assertThat(r.getHeaders().get("User-Agent")).contains("Hookkeeper");
  }

  private static JsonNode body(RecordedRequest r) throws Exception {
    return MAPPER.readTree(r.getBody().utf8());
  }

  @Test
  void identifies_the_token_owner_and_its_scopes() {
    api.enqueue(
        json(200, "{\"login\":\"octocat\",\"id\":1}")
            .setHeader("X-OAuth-Scopes", "repo, admin:repo_hook"));
    TokenIdentity id = api.client.identify(TOKEN).value();
    assertThat(id).isEqualTo(new TokenIdentity("octocat", List.of("repo", "admin:repo_hook")));
    RecordedRequest r = api.take();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/user");
    assertGitHubHeaders(r);
  }

  @Test
  void a_fine_grained_token_has_no_scopes() {
    api.enqueue(json(200, "{\"login\":\"octocat\"}"));
    assertThat(api.client.identify(TOKEN).value().scopes()).isEmpty();
  }

  @Test
  void describes_a_repository_with_the_callers_access() {
    api.enqueue(
        json(
                200,
                "{\"id\":1296269,\"full_name\":\"octocat/Hello-World\",\"private\":true,\"default_branch\":\"main\","
                    + "\"permissions\":{\"admin\":true,\"push\":true,\"pull\":true}}")
            .setHeader("X-OAuth-Scopes", "repo"));
    ProviderRepository repo = api.client.getRepository(TOKEN, "octocat/Hello-World").value();
    assertThat(repo.providerRepoId()).isEqualTo(1296269L);
    assertThat(repo.fullName()).isEqualTo("octocat/Hello-World");
    assertThat(repo.privateRepo()).isTrue();
    assertThat(repo.defaultBranch()).isEqualTo("main");
    assertThat(repo.callerAccess()).isEqualTo(AccessLevel.ADMIN);
    assertThat(api.take().getUrl().encodedPath()).isEqualTo("/repos/octocat/Hello-World");
  }

  @Test
  void maps_permissions_to_access_levels() {
    assertThat(ApiJson.access(MAPPER.createObjectNode().put("admin", false).put("push", true)))
        .isEqualTo(AccessLevel.WRITE);
    assertThat(ApiJson.access(MAPPER.createObjectNode().put("admin", false).put("pull", true)))
        .isEqualTo(AccessLevel.READ);
    assertThat(ApiJson.access(MAPPER.createObjectNode().put("pull", false)))
        .isEqualTo(AccessLevel.NONE);
    assertThat(ApiJson.access(MAPPER.missingNode())).isEqualTo(AccessLevel.UNKNOWN);
  }

  @Test
  void creates_an_active_json_hook_with_secret_and_events() throws Exception {
    api.enqueue(
        json(201, Fixtures.text("api/hook.example.json"))
            .setHeader(
                "Location", "https://api.github.com/repos/octocat/Hello-World/hooks/12345678"));
    ProviderHook hook = api.client.createHook(TOKEN, REPO, SPEC).value();
    assertThat(hook.providerHookId()).isEqualTo("12345678");
    assertThat(hook.url()).isEqualTo("https://example.com/webhook");
    assertThat(hook.events()).containsExactly("push", "pull_request");
    assertThat(hook.contentType()).isEqualTo("json");
    assertThat(hook.active()).isTrue();
    RecordedRequest r = api.take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/repos/octocat/Hello-World/hooks");
    assertGitHubHeaders(r);
    JsonNode b = body(r);
    assertThat(b.get("name").asText()).isEqualTo("web");
    assertThat(b.get("active").asBoolean()).isTrue();
    assertThat(b.get("events").toString()).isEqualTo("[\"workflow_run\",\"push\",\"meta\"]");
    assertThat(b.at("/config/url").asText()).isEqualTo(SPEC.url());
    // GitHub's default is form; Hookkeeper always asks for JSON
    assertThat(b.at("/config/content_type").asText()).isEqualTo("json");
    assertThat(b.at("/config/insecure_ssl").asText()).isEqualTo("0");
    assertThat(b.at("/config/secret").asText()).isEqualTo(SECRET.reveal());
  }

  @Test
  void lists_hooks_across_link_pages() {
    String next = api.server.url("/repositories/1296269/hooks?per_page=100&page=2").toString();
    api.enqueue(
        json(200, Fixtures.text("api/hook-items.example.json"))
            .setHeader("Link", "<" + next + ">; rel=\"next\", <" + next + ">; rel=\"last\""));
    api.enqueue(
        json(
            200,
            Fixtures.text("api/recorded/hub4j-AppTest-tryHook/__files/9-r_h_g_hooks.json")
                    .replaceFirst("^", "[")
                + "]"));
    List<ProviderHook> hooks = api.client.listHooks(TOKEN, REPO).value();
    assertThat(hooks)
        .extracting(ProviderHook::providerHookId)
        .containsExactly("12345678", "319833953");
    // the recorded hook was made with GitHub's default content type
    assertThat(hooks.get(1).contentType()).isEqualTo("form");
    RecordedRequest first = api.take();
    assertThat(first.getUrl().encodedPath()).isEqualTo("/repos/octocat/Hello-World/hooks");
    assertThat(first.getUrl().queryParameter("per_page")).isEqualTo("100");
    RecordedRequest second = api.take();
    assertThat(second.getUrl().toString()).isEqualTo(next);
    assertGitHubHeaders(second);
  }

  @Test
  void an_absent_content_type_is_githubs_default_form() {
    api.enqueue(
        json(
            200,
            "[{\"id\":7,\"active\":true,\"events\":[\"push\"],\"config\":{\"url\":\"https://x.example\"}}]"));
    assertThat(api.client.listHooks(TOKEN, REPO).value().get(0).contentType()).isEqualTo("form");
  }

  @Test
  void updates_in_one_patch_with_the_whole_config_and_the_secret() throws Exception {
    api.enqueue(
        json(
            200,
            Fixtures.text("api/hook.example.json")
                .replace("\"pull_request\"", "\"pull_request\", \"meta\"")));
    ProviderHook hook = api.client.updateHook(TOKEN, REPO, "12345678", SPEC).value();
    assertThat(hook.providerHookId()).isEqualTo("12345678");
    RecordedRequest patch = api.take();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getUrl().encodedPath()).isEqualTo("/repos/octocat/Hello-World/hooks/12345678");
    JsonNode b = body(patch);
    // a config without the secret would remove it (provider-facts 0.3): it is always in the config
    assertThat(b.at("/config/secret").asText()).isEqualTo(SECRET.reveal());
    assertThat(b.at("/config/url").asText()).isEqualTo(SPEC.url());
    assertThat(b.at("/config/content_type").asText()).isEqualTo("json");
    assertThat(b.at("/config/insecure_ssl").asText()).isEqualTo("0");
    assertThat(b.get("events").toString()).isEqualTo("[\"workflow_run\",\"push\",\"meta\"]");
    assertThat(b.get("active").asBoolean()).isTrue();
    assertThat(api.server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void reenabling_switches_the_hook_back_on_with_the_same_patch() throws Exception {
    api.enqueue(json(200, Fixtures.text("api/hook.example.json")));
    assertThat(api.client.reenableHook(TOKEN, REPO, "12345678", SPEC).value().active()).isTrue();
    RecordedRequest patch = api.take();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(body(patch).get("active").asBoolean()).isTrue();
    assertThat(body(patch).at("/config/secret").asText()).isEqualTo(SECRET.reveal());
  }

  @Test
  void deletes_pings_and_redelivers() {
    api.enqueue(new mockwebserver3.MockResponse.Builder().code(204));
    api.enqueue(new mockwebserver3.MockResponse.Builder().code(204));
    api.enqueue(json(202, "{}"));
    assertThat(api.client.deleteHook(TOKEN, REPO, "12345678").value())
        .isEqualTo(ProviderHooksApi.DeleteOutcome.DELETED);
    assertThat(api.client.ping(TOKEN, REPO, "12345678").value())
        .isEqualTo(ProviderHooksApi.PingOutcome.SENT);
    assertThat(api.client.redeliver(TOKEN, REPO, "12345678", "123456789").value())
        .isEqualTo(ProviderHooksApi.Redelivery.REQUESTED);
    RecordedRequest delete = api.take();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getUrl().encodedPath())
        .isEqualTo("/repos/octocat/Hello-World/hooks/12345678");
    RecordedRequest ping = api.take();
    assertThat(ping.getMethod()).isEqualTo("POST");
    assertThat(ping.getUrl().encodedPath())
        .isEqualTo("/repos/octocat/Hello-World/hooks/12345678/pings");
    RecordedRequest attempt = api.take();
    assertThat(attempt.getMethod()).isEqualTo("POST");
    assertThat(attempt.getUrl().encodedPath())
        .isEqualTo("/repos/octocat/Hello-World/hooks/12345678/deliveries/123456789/attempts");
  }

  @Test
  void lists_deliveries_with_githubs_cursor_and_failure_filter() {
    String next =
        api.server
            .url(
                "/repositories/1296269/hooks/12345678/deliveries?per_page=100&status=failure&cursor=v1_12345678")
            .toString();
    api.enqueue(
        json(200, Fixtures.text("api/hook-delivery-items.example.json"))
            .setHeader("Link", "<" + next + ">; rel=\"next\""));
    Page<ProviderDelivery> page =
        api.client.listDeliveries(TOKEN, REPO, "12345678", "v1_abc", true).value();
    assertThat(page.nextCursor()).isEqualTo("v1_12345678");
    assertThat(page.items()).hasSize(2);
    ProviderDelivery first = page.items().get(0);
    assertThat(first)
        .isEqualTo(
            new ProviderDelivery(
                "12345678",
                "0b989ba4-242f-11e5-81e1-c7b6966d2516",
                "issues",
                "opened",
                200,
                true,
                "OK",
                false,
                Duration.ofMillis(270),
                Instant.parse("2019-06-03T00:57:16Z")));
    assertThat(page.items().get(1).redelivery()).isTrue();
    RecordedRequest r = api.take();
    assertThat(r.getUrl().encodedPath())
        .isEqualTo("/repos/octocat/Hello-World/hooks/12345678/deliveries");
    assertThat(r.getUrl().queryParameter("status")).isEqualTo("failure");
    assertThat(r.getUrl().queryParameter("cursor")).isEqualTo("v1_abc");
    assertThat(r.getUrl().queryParameter("per_page")).isEqualTo("100");
  }

  @Test
  void the_last_deliveries_page_has_no_cursor() {
    api.enqueue(json(200, "[]"));
    Page<ProviderDelivery> page = api.client.listDeliveries(TOKEN, REPO, "1", null, false).value();
    assertThat(page.items()).isEmpty();
    assertThat(page.nextCursor()).isNull();
    assertThat(api.take().getUrl().queryParameter("status")).isNull();
  }

  @Test
  void addresses_a_repository_without_name_by_its_stable_id() {
    api.enqueue(json(200, "[]"));
    api.client.listHooks(TOKEN, new ProviderRepoRef(1296269L, "")).value();
    assertThat(api.take().getUrl().encodedPath()).isEqualTo("/repositories/1296269/hooks");
  }

  @Test
  void follows_a_rename_redirect_verbatim_for_mutations() throws Exception {
    // GitHub answers a renamed repository's old name with a redirect; a POST must stay a POST
    api.enqueue(
        json(307, "{\"message\":\"Temporary Redirect\"}")
            .setHeader("Location", "/repositories/1296269/hooks"));
    api.enqueue(json(201, Fixtures.text("api/hook.example.json")));
    assertThat(api.client.createHook(TOKEN, REPO, SPEC).isOk()).isTrue();
    api.take();
    RecordedRequest redirected = api.take();
    assertThat(redirected.getMethod()).isEqualTo("POST");
    assertThat(redirected.getUrl().encodedPath()).isEqualTo("/repositories/1296269/hooks");
    assertThat(body(redirected).at("/config/secret").asText()).isEqualTo(SECRET.reveal());
    assertGitHubHeaders(redirected);
  }

  @Test
  void follows_a_301_on_reads() {
    api.enqueue(
        json(301, "{\"message\":\"Moved Permanently\"}")
            .setHeader("Location", api.server.url("/repositories/1296269").toString()));
    api.enqueue(
        json(
            200,
            "{\"id\":1296269,\"full_name\":\"octocat/New-Name\",\"private\":false,\"default_branch\":\"main\"}"));
    assertThat(api.client.getRepository(TOKEN, "octocat/Hello-World").value().fullName())
        .isEqualTo("octocat/New-Name");
  }

  @Test
  void never_follows_a_redirect_to_another_host_with_the_token() {
    api.enqueue(json(301, "{}").setHeader("Location", "https://evil.example.com/steal"));
    var result = api.client.getRepository(TOKEN, "octocat/Hello-World");
    assertThat(result.isOk()).isFalse();
    assertThat(api.server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void keeps_the_path_of_a_github_enterprise_base_url() {
    GitHubHooksClient ghes =
        new GitHubHooksClient(
            api.server.url("/api/v3").toString(),
            new okhttp3.OkHttpClient(),
            new GitHubHooksClient.Settings(1, java.time.Duration.ZERO, java.time.Duration.ZERO));
    api.enqueue(json(200, "[]"));
    assertThat(ghes.listHooks(TOKEN, REPO).value()).isEmpty();
    assertThat(api.take().getUrl().encodedPath())
        .isEqualTo("/api/v3/repos/octocat/Hello-World/hooks");
  }

  @Test
  void refuses_bad_names_and_ids_without_calling_github() {
    assertThat(api.client.getRepository(TOKEN, "../../user").failure().reason().code())
        .isEqualTo("repository_not_found");
    assertThat(api.client.deleteHook(TOKEN, REPO, "1/../2").failure().reason().code())
        .isEqualTo("hook_not_found");
    assertThat(api.client.redeliver(TOKEN, REPO, "1", "x").failure().reason().code())
        .isEqualTo("delivery_not_found");
    assertThat(api.client.listDeliveries(TOKEN, REPO, "1", "v1_1&status=success", false).isOk())
        .isFalse();
    assertThat(api.server.getRequestCount()).isZero();
  }

  @Test
  void hands_back_an_url_encoded_cursor_exactly_as_github_wrote_it() {
    String next =
        api.server.url("/").toString()
            + "repositories/1296269/hooks/1/deliveries?per_page=100&cursor=v1_12077215967%2B%3D";
    api.enqueue(json(200, "[]").setHeader("Link", "<" + next + ">; rel=\"next\""));
    api.enqueue(json(200, "[]"));
    Page<ProviderDelivery> page = api.client.listDeliveries(TOKEN, REPO, "1", null, false).value();
    assertThat(page.nextCursor()).isEqualTo("v1_12077215967%2B%3D");
    api.client.listDeliveries(TOKEN, REPO, "1", page.nextCursor(), false).value();
    api.take();
    assertThat(api.take().getUrl().encodedQuery())
        .isEqualTo("per_page=100&cursor=v1_12077215967%2B%3D");
  }

  @Test
  void reads_a_hooks_health_from_last_response() {
    String failing =
        Fixtures.text("api/hook.example.json")
            .replace("\"active\": true", "\"active\": false")
            .replaceAll(
                "\"last_response\": \\{[^}]*\\}",
                "\"last_response\": {\"code\": 405, \"status\": null, \"message\": \"Invalid HTTP Response: 405\"}");
    api.enqueue(json(200, failing));
    ProviderHook hook = api.client.getHook(TOKEN, REPO, "12345678").value();
    assertThat(hook.active()).isFalse();
    assertThat(hook.delivering(Instant.now())).isFalse();
    assertThat(hook.health().lastResponse().code()).isEqualTo(405);
    assertThat(hook.health().lastResponse().failing()).isTrue();
    api.enqueue(json(200, Fixtures.text("api/hook.example.json")));
    ProviderHook unused = api.client.getHook(TOKEN, REPO, "12345678").value();
    assertThat(unused.health().lastResponse())
        .isEqualTo(new dev.hookkeeper.core.model.HookHealth.LastResponse(null, "unused", null));
    assertThat(unused.health().lastResponse().failing()).isFalse();
    assertThat(unused.delivering(Instant.now())).isTrue();
  }

  @Test
  void keeps_each_tokens_budget_from_the_rate_limit_headers() {
    String reset = Long.toString(ApiServer.NOW.getEpochSecond() + 3600);
    api.enqueue(
        json(200, "{\"login\":\"octocat\"}")
            .setHeader("x-ratelimit-limit", "5000")
            .setHeader("x-ratelimit-remaining", "4499")
            .setHeader("x-ratelimit-reset", reset)
            .setHeader("x-ratelimit-resource", "core"));
    api.client.identify(TOKEN).value();
    var budget = api.client.rateBudget(TOKEN).orElseThrow();
    assertThat(budget.limit()).isEqualTo(5000);
    assertThat(budget.remaining()).isEqualTo(4499);
    // the reset is in whole seconds: refilled once that second is over
    assertThat(budget.resetAt()).isEqualTo(ApiServer.NOW.plusSeconds(3601));
    assertThat(budget.resource()).isEqualTo("core");
    assertThat(budget.observedAt()).isEqualTo(ApiServer.NOW);
    assertThat(budget.isBelow(0.1, ApiServer.NOW)).isFalse();
    assertThat(api.client.runsClient().rateBudget(TOKEN)).contains(budget);
    assertThat(api.client.rateBudget(Secret.of("another-token"))).isEmpty();
    api.enqueue(
        json(404, "{\"message\":\"Not Found\"}")
            .setHeader("x-ratelimit-limit", "5000")
            .setHeader("x-ratelimit-remaining", "499")
            .setHeader("x-ratelimit-reset", reset));
    api.client.repositoriesClient().getRepositoryById(TOKEN, 1);
    // every answer counts, failures included: below 10 % a caller slows down
    assertThat(api.client.rateBudget(TOKEN).orElseThrow().isBelow(0.1, ApiServer.NOW)).isTrue();
  }
}
