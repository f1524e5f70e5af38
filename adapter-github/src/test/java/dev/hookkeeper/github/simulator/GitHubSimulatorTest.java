package dev.hookkeeper.github.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.testkit.DecoderCalls;
import dev.hookkeeper.github.Fixtures;
import dev.hookkeeper.github.GitHubHooksClient;
import dev.hookkeeper.github.GitHubInboundDecoder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator end to end: the real client manages hooks, a real receiver gets signed deliveries. */
class GitHubSimulatorTest {
  private static final String REPO = "Codertocat/Hello-World";
  private static final long REPO_ID = 186853002L;
  private static final Secret ADMIN = Secret.of("admin-token");
  private static final Secret WRITER = Secret.of("write-hook-token");
  private static final Secret SECRET = Secret.of("our-webhook-secret");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final OkHttpClient http = new OkHttpClient();
  private final GitHubInboundDecoder decoder = new GitHubInboundDecoder();
  private GitHubSimulator github;
  private MockWebServer receiver;
  private GitHubHooksClient client;
  private ProviderRepoRef repo;

  @BeforeEach
  void start() throws IOException {
    github = GitHubSimulator.start();
    github.addRepository(REPO, REPO_ID, false, "main");
    github.addUser("octocat", ADMIN.reveal(), List.of("admin:repo_hook", "repo"));
    github.addUser("hooker", WRITER.reveal(), List.of("write:repo_hook"));
    github.grant("octocat", REPO, GitHubSimulator.Role.ADMIN);
    github.grant("hooker", REPO, GitHubSimulator.Role.ADMIN);
    receiver = new MockWebServer();
    // answers 200 unless a test enqueued something else
    mockwebserver3.QueueDispatcher answers = new mockwebserver3.QueueDispatcher();
    answers.setFailFast(new MockResponse.Builder().code(200).body("ok").build());
    receiver.setDispatcher(answers);
    receiver.start();
    client = new GitHubHooksClient(github.baseUrl(), http, new GitHubHooksClient.Settings(2, Duration.ofMillis(1), Duration.ZERO));
    repo = new ProviderRepoRef(REPO_ID, REPO);
  }

  @AfterEach
  void stop() {
    github.awaitIdle(Duration.ofSeconds(5));
    github.close();
    receiver.close();
  }

  private String ingestUrl() {
    return receiver.url("/webhooks/github").toString();
  }

  private ProviderHook createOurHook(List<String> events) {
    return client.createHook(ADMIN, repo, new HookSpec(ingestUrl(), SECRET, events)).value();
  }

  private RecordedRequest received() throws InterruptedException {
    RecordedRequest r = receiver.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a delivery reached the receiver").isNotNull();
    return r;
  }

  private static InboundRequest inbound(RecordedRequest r) {
    Map<String, List<String>> map = new java.util.LinkedHashMap<>();
    for (String name : r.getHeaders().names()) map.put(name, r.getHeaders().values(name));
    return new InboundRequest(Headers.of(map), r.getBody().toByteArray(), "127.0.0.1", Instant.now());
  }

  @Test
  void pings_a_new_hook_with_a_signed_delivery_like_github() throws Exception {
    ProviderHook hook = createOurHook(List.of("workflow_run", "meta"));
    RecordedRequest ping = received();
    InboundRequest request = inbound(ping);
    assertThat(request.headers().first("X-GitHub-Event")).contains("ping");
    assertThat(request.headers().first("X-GitHub-Hook-ID")).contains(hook.providerHookId());
    assertThat(request.headers().first("User-Agent").orElseThrow()).startsWith("GitHub-Hookshot/");
    assertThat(request.headers().first("Content-Type")).contains("application/json");
    assertThat(DecoderCalls.missingHeader(decoder, request.headers())).isEmpty();
    assertThat(DecoderCalls.verify(decoder, request, List.of(SECRET)).valid()).isTrue();
    DecodedEvent decoded = DecoderCalls.decode(decoder, request);
    assertThat(decoded.meaning()).isInstanceOf(DomainEvent.Ping.class);
    assertThat(((DomainEvent.Ping) decoded.meaning()).providerHookId()).isEqualTo(hook.providerHookId());
    assertThat(decoded.repository()).isEqualTo(repo);

    github.awaitIdle(Duration.ofSeconds(5));
    Page<ProviderDelivery> log = client.listDeliveries(ADMIN, repo, hook.providerHookId(), null, false).value();
    assertThat(log.items()).singleElement().satisfies(d -> {
      assertThat(d.event()).isEqualTo("ping");
      assertThat(d.guid()).isEqualTo(DecoderCalls.deliveryId(decoder, request));
      assertThat(d.statusCode()).isEqualTo(200);
      assertThat(d.success()).isTrue();
    });
  }

  @Test
  void delivers_a_fixture_to_every_subscribed_hook_under_one_guid() throws Exception {
    ProviderHook ours = createOurHook(List.of("workflow_run"));
    received(); // the ping
    github.awaitIdle(Duration.ofSeconds(5));
    Secret theirs = Secret.of("someone-elses-secret");
    long formHook = github.addHook(REPO, receiver.url("/other-tool").toString(), List.of("*"), "form", theirs.reveal());
    github.addHook(REPO, receiver.url("/push-only").toString(), List.of("push"), "json", null);
    byte[] payload = Fixtures.bytes("workflow_run/completed.json");

    List<GitHubSimulator.SimulatedDelivery> sent = github.deliver(REPO, "workflow_run", payload);

    assertThat(sent).extracting(GitHubSimulator.SimulatedDelivery::hookId)
        .containsExactly(Long.parseLong(ours.providerHookId()), formHook);
    assertThat(sent).extracting(GitHubSimulator.SimulatedDelivery::guid).containsOnly(sent.get(0).guid());
    assertThat(sent).extracting(GitHubSimulator.SimulatedDelivery::action).containsOnly("completed");
    InboundRequest json = inbound(received());
    InboundRequest form = inbound(received());
    assertThat(json.body()).isEqualTo(payload);
    assertThat(DecoderCalls.verify(decoder, json, List.of(SECRET)).valid()).isTrue();
    assertThat(DecoderCalls.verify(decoder, form, List.of(SECRET)).reason()).isEqualTo("signature_mismatch");
    assertThat(DecoderCalls.verify(decoder, form, List.of(theirs)).valid()).isTrue();
    assertThat(form.headers().first("X-Hub-Signature").orElseThrow()).startsWith("sha1=");
    assertThat(DecoderCalls.deliveryId(decoder, json)).isEqualTo(DecoderCalls.deliveryId(decoder, form));
    DomainEvent.WorkflowRunChanged fromForm = (DomainEvent.WorkflowRunChanged) DecoderCalls.decode(decoder, form).meaning();
    assertThat(fromForm.run().providerRunId()).isEqualTo(289782451L);
    assertThat(receiver.getRequestCount()).isEqualTo(3);
  }

  @Test
  void lists_a_failed_delivery_and_redelivers_it_with_the_same_guid() throws Exception {
    ProviderHook hook = createOurHook(List.of("push"));
    received();
    github.awaitIdle(Duration.ofSeconds(5));
    receiver.enqueue(new MockResponse.Builder().code(503).body("down for maintenance").build());
    GitHubSimulator.SimulatedDelivery failed = github.deliver(REPO, "push", Fixtures.bytes("push.json")).get(0);
    received();
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.status()).isEqualTo("Invalid HTTP Response: 503");

    Page<ProviderDelivery> failures = client.listDeliveries(ADMIN, repo, hook.providerHookId(), null, true).value();
    assertThat(failures.items()).singleElement().satisfies(d -> {
      assertThat(d.providerDeliveryId()).isEqualTo(Long.toString(failed.id()));
      assertThat(d.success()).isFalse();
    });
    assertThat(client.redeliver(ADMIN, repo, hook.providerHookId(), Long.toString(failed.id())).value())
        .isEqualTo(ProviderHooksApi.Redelivery.REQUESTED);
    InboundRequest again = inbound(received());
    github.awaitIdle(Duration.ofSeconds(5));
    assertThat(DecoderCalls.deliveryId(decoder, again)).isEqualTo(failed.guid());
    assertThat(DecoderCalls.verify(decoder, again, List.of(SECRET)).valid()).isTrue();
    List<GitHubSimulator.SimulatedDelivery> log = github.deliveries(REPO, Long.parseLong(hook.providerHookId()));
    assertThat(log.get(log.size() - 1).redelivery()).isTrue();
    assertThat(client.listDeliveries(ADMIN, repo, hook.providerHookId(), null, true).value().items()).hasSize(1);
    assertThat(client.listDeliveries(ADMIN, repo, hook.providerHookId(), null, false).value().items()).hasSize(3);
  }

  @Test
  void pages_deliveries_with_an_opaque_cursor() {
    // an address the simulator never contacts: each delivery is recorded as failed to connect, at once
    ProviderHook hook = client.createHook(ADMIN, repo, new HookSpec("https://hooks.example.com/github", SECRET, List.of("push"))).value();
    github.awaitIdle(Duration.ofSeconds(5));
    for (int i = 0; i < 104; i++) github.deliver(REPO, "push", "{\"ref\":\"refs/heads/main\"}".getBytes());
    Page<ProviderDelivery> first = client.listDeliveries(ADMIN, repo, hook.providerHookId(), null, false).value();
    assertThat(first.items()).hasSize(100);
    assertThat(first.nextCursor()).isNotBlank();
    Page<ProviderDelivery> second = client.listDeliveries(ADMIN, repo, hook.providerHookId(), first.nextCursor(), false).value();
    assertThat(second.items()).hasSize(5); // 104 pushes and the ping
    assertThat(second.nextCursor()).isNull();
    Set<String> ids = new HashSet<>();
    first.items().forEach(d -> ids.add(d.providerDeliveryId()));
    second.items().forEach(d -> ids.add(d.providerDeliveryId()));
    assertThat(ids).hasSize(105);
  }

  @Test
  void write_repo_hook_can_create_but_not_delete() {
    ProviderHook hook = client.createHook(WRITER, repo, new HookSpec(ingestUrl(), SECRET, List.of("push"))).value();
    var deleted = client.deleteHook(WRITER, repo, hook.providerHookId());
    assertThat(deleted.failure().reason()).isEqualTo(FailureReason.TOKEN_SCOPE_MISSING);
    assertThat(github.hooks(REPO)).hasSize(1);
    assertThat(client.deleteHook(ADMIN, repo, hook.providerHookId()).value()).isEqualTo(ProviderHooksApi.DeleteOutcome.DELETED);
    assertThat(github.hooks(REPO)).isEmpty();
  }

  @Test
  void a_demoted_admin_cannot_delete_and_is_not_told_the_hook_is_gone() {
    ProviderHook hook = createOurHook(List.of("push"));
    github.grant("octocat", REPO, GitHubSimulator.Role.WRITE);
    assertThat(client.deleteHook(ADMIN, repo, hook.providerHookId()).failure().reason()).isEqualTo(FailureReason.INSUFFICIENT_PERMISSIONS);
    assertThat(github.hooks(REPO)).hasSize(1);
  }

  @Test
  void a_classic_token_without_a_hook_scope_is_refused_before_any_hook_call() {
    assertThat(client.getRepository(WRITER, REPO).failure().reason()).isEqualTo(FailureReason.TOKEN_SCOPE_MISSING);
  }

  @Test
  void a_duplicate_hook_is_refused_as_already_existing() {
    createOurHook(List.of("push", "workflow_run"));
    var again = client.createHook(ADMIN, repo, new HookSpec(ingestUrl(), Secret.of("other"), List.of("workflow_run")));
    assertThat(again.failure().reason()).isEqualTo(FailureReason.HOOK_ALREADY_EXISTS);
    // the same url with events that do not overlap is allowed, as on GitHub
    assertThat(client.createHook(ADMIN, repo, new HookSpec(ingestUrl(), SECRET, List.of("issues"))).isOk()).isTrue();
  }

  @Test
  void a_full_config_patch_without_the_secret_removes_it_but_the_client_keeps_it() throws Exception {
    ProviderHook hook = createOurHook(List.of("push"));
    String url = github.baseUrl() + "/repos/" + REPO + "/hooks/" + hook.providerHookId();
    try (Response r = http.newCall(new Request.Builder().url(url).header("Authorization", "Bearer " + ADMIN.reveal())
        .patch(RequestBody.create("{\"config\":{\"url\":\"" + ingestUrl() + "\",\"content_type\":\"json\"}}", MediaType.get("application/json")))
        .build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(github.hooks(REPO).get(0).secret()).isNull();
    Secret rotated = Secret.of("rotated-secret");
    client.updateHook(ADMIN, repo, hook.providerHookId(), new HookSpec(ingestUrl(), rotated, List.of("push", "meta"))).value();
    GitHubSimulator.SimulatedHook held = github.hooks(REPO).get(0);
    assertThat(held.secret()).isEqualTo(rotated.reveal());
    assertThat(held.events()).containsExactly("push", "meta");
    assertThat(held.toString()).doesNotContain(rotated.reveal());
  }

  @Test
  void follows_redirects_of_a_renamed_repository() {
    ProviderHook hook = createOurHook(List.of("push"));
    github.outOfBand().renameRepository(REPO, "Codertocat/Renamed-World");
    // the old name still works for reads (301) and writes (307), as on GitHub
    assertThat(client.listHooks(ADMIN, repo).value()).extracting(ProviderHook::providerHookId).containsExactly(hook.providerHookId());
    assertThat(client.getRepository(ADMIN, REPO).value().fullName()).isEqualTo("Codertocat/Renamed-World");
    assertThat(client.createHook(ADMIN, repo, new HookSpec(ingestUrl() + "2", SECRET, List.of("push"))).isOk()).isTrue();
    assertThat(github.hooks("Codertocat/Renamed-World")).hasSize(2);
  }

  @Test
  void sends_meta_deleted_when_a_hook_is_deleted_on_github() throws Exception {
    ProviderHook hook = createOurHook(List.of("workflow_run", "meta"));
    received();
    github.awaitIdle(Duration.ofSeconds(5));
    github.outOfBand().deleteHook(REPO, Long.parseLong(hook.providerHookId()));
    InboundRequest meta = inbound(received());
    assertThat(DecoderCalls.verify(decoder, meta, List.of(SECRET)).valid()).isTrue();
    assertThat(DecoderCalls.decode(decoder, meta).meaning()).isEqualTo(new DomainEvent.HookDeleted(hook.providerHookId()));
    assertThat(client.listHooks(ADMIN, repo).value()).isEmpty();
  }

  @Test
  void lists_more_hooks_than_fit_on_one_page() {
    for (int i = 0; i < 130; i++) github.addHook(REPO, "https://ci.example.com/" + i, List.of("event" + i), "json", null);
    assertThat(client.listHooks(ADMIN, repo).value()).hasSize(130);
  }

  @Test
  void fine_grained_tokens_send_no_scopes_and_need_admin() {
    github.addFineGrainedUser("fg-admin", "fg-admin-token");
    github.addFineGrainedUser("fg-reader", "fg-read-token");
    github.grant("fg-admin", REPO, GitHubSimulator.Role.ADMIN);
    github.grant("fg-reader", REPO, GitHubSimulator.Role.READ);
    assertThat(client.identify(Secret.of("fg-admin-token")).value().scopes()).isEmpty();
    assertThat(client.getRepository(Secret.of("fg-read-token"), REPO).isOk()).isTrue();
    assertThat(client.listHooks(Secret.of("fg-read-token"), repo).failure().reason()).isEqualTo(FailureReason.INSUFFICIENT_PERMISSIONS);
    assertThat(client.createHook(Secret.of("fg-admin-token"), repo, new HookSpec(ingestUrl(), SECRET, List.of("push"))).isOk()).isTrue();
  }

  @Test
  void a_private_repository_is_invisible_without_access() {
    github.addRepository("octo-org/secret", 42L, true, "main");
    assertThat(client.getRepository(ADMIN, "octo-org/secret").failure().reason()).isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
  }

  @Test
  void answers_with_githubs_headers() throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(github.baseUrl() + "/repos/" + REPO + "/hooks")
        .header("Authorization", "Bearer " + WRITER.reveal()).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("X-OAuth-Scopes")).isEqualTo("write:repo_hook");
      assertThat(r.header("X-Accepted-OAuth-Scopes")).isEqualTo("admin:repo_hook, public_repo, read:repo_hook, repo, write:repo_hook");
      assertThat(r.header("X-RateLimit-Remaining")).matches("[0-9]+");
      assertThat(r.header("X-RateLimit-Reset")).matches("[0-9]+");
    }
    try (Response r = http.newCall(new Request.Builder().url(github.baseUrl() + "/user").build()).execute()) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(MAPPER.readTree(r.body().string()).get("message").asText()).isEqualTo("Requires authentication");
    }
    try (Response r = http.newCall(new Request.Builder().url(github.baseUrl() + "/repos/" + REPO + "/hooks")
        .header("Authorization", "Bearer " + ADMIN.reveal())
        .post(RequestBody.create("{\"config\":{\"url\":\"" + ingestUrl() + "\"}}", MediaType.get("application/json"))).build()).execute()) {
      assertThat(r.code()).isEqualTo(201);
      JsonNode hook = MAPPER.readTree(r.body().string());
      assertThat(r.header("Location")).endsWith("/hooks/" + hook.get("id").asLong());
      // GitHub's defaults: push only, form encoded
      assertThat(hook.get("events").toString()).isEqualTo("[\"push\"]");
      assertThat(hook.at("/config/content_type").asText()).isEqualTo("form");
      assertThat(hook.at("/last_response/status").asText()).isEqualTo("unused");
      assertThat(fieldNames(hook)).containsAll(fieldNames(MAPPER.readTree(Fixtures.bytes("api/hook.example.json"))));
    }
  }

  @Test
  void a_single_delivery_has_the_documented_shape_and_headers() throws Exception {
    ProviderHook hook = createOurHook(List.of("push"));
    github.awaitIdle(Duration.ofSeconds(5));
    long id = github.deliveries(REPO, Long.parseLong(hook.providerHookId())).get(0).id();
    String url = github.baseUrl() + "/repos/" + REPO + "/hooks/" + hook.providerHookId() + "/deliveries/" + id;
    try (Response r = http.newCall(new Request.Builder().url(url).header("Authorization", "Bearer " + ADMIN.reveal()).build()).execute()) {
      JsonNode delivery = MAPPER.readTree(r.body().string());
      JsonNode documented = MAPPER.readTree(Fixtures.bytes("api/hook-delivery.example.json"));
      assertThat(fieldNames(delivery)).containsAll(fieldNames(documented));
      Set<String> sentHeaders = new HashSet<>();
      delivery.at("/request/headers").fieldNames().forEachRemaining(n -> sentHeaders.add(n.toLowerCase()));
      for (JsonNode p : MAPPER.readTree(Fixtures.bytes("api/x-webhooks.delivery-header-parameters.json"))) {
        assertThat(sentHeaders).contains(p.get("name").asText().toLowerCase());
      }
    }
  }

  @Test
  void serves_only_operations_githubs_openapi_description_has() throws Exception {
    JsonNode paths = MAPPER.readTree(Fixtures.bytes("api/openapi-repo-webhooks.subset.json")).get("paths");
    String base = "/repos/{owner}/{repo}/hooks";
    List<String> used = List.of("get " + base, "post " + base, "get " + base + "/{hook_id}", "patch " + base + "/{hook_id}",
        "delete " + base + "/{hook_id}", "get " + base + "/{hook_id}/config", "patch " + base + "/{hook_id}/config",
        "post " + base + "/{hook_id}/pings", "get " + base + "/{hook_id}/deliveries",
        "get " + base + "/{hook_id}/deliveries/{delivery_id}", "post " + base + "/{hook_id}/deliveries/{delivery_id}/attempts");
    List<String> missing = new ArrayList<>();
    for (String op : used) {
      String[] mp = op.split(" ");
      if (!paths.path(mp[1]).has(mp[0])) missing.add(op);
    }
    assertThat(missing).isEmpty();
    assertThat(paths.at("/" + base.replace("/", "~1") + "~1{hook_id}~1pings/post/responses").has("204")).isTrue();
    assertThat(paths.at("/" + base.replace("/", "~1") + "~1{hook_id}~1deliveries~1{delivery_id}~1attempts/post/responses").has("202")).isTrue();
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) names.add(it.next());
    return names;
  }
}
