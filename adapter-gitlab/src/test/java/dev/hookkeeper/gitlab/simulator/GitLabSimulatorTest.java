package dev.hookkeeper.gitlab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookHealth;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.port.ProviderHooksApi.PingOutcome;
import dev.hookkeeper.core.testkit.DecoderCalls;
import dev.hookkeeper.core.testkit.MutableClock;
import dev.hookkeeper.gitlab.GitLabFixtures;
import dev.hookkeeper.gitlab.GitLabHooksClient;
import dev.hookkeeper.gitlab.GitLabInboundDecoder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's deliveries, auto-disable rule, events/resend and GitLab quirks, driven through
 * the real client.
 */
final class GitLabSimulatorTest {
  private static final String PROJECT = "acme/widgets";
  private static final String TOKEN = "glpat-maria";
  private static final Secret SECRET = Secret.of("hook-secret-0123456789abcdef");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));
  private GitLabSimulator gitlab;
  private MockWebServer receiver;
  private QueueDispatcher answers;
  private OkHttpClient http;
  private GitLabHooksClient client;
  private ProviderRepoRef repo;

  @BeforeEach
  void start() throws IOException {
    gitlab = GitLabSimulator.start(clock);
    gitlab.addUser("maria", TOKEN);
    long id = gitlab.addProject(PROJECT);
    gitlab.grant("maria", PROJECT, GitLabSimulator.Role.MAINTAINER);
    repo = new ProviderRepoRef(id, PROJECT);
    receiver = new MockWebServer();
    answers = new QueueDispatcher();
    receiverAnswers(200);
    receiver.setDispatcher(answers);
    receiver.start();
    http = new OkHttpClient();
    client = new GitLabHooksClient(http, gitlab.baseUrl(), 2, Duration.ofMillis(1), clock);
  }

  @AfterEach
  void stop() {
    gitlab.close();
    receiver.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private void receiverAnswers(int code) {
    answers.setFailFast(new MockResponse.Builder().code(code).body("{}").build());
  }

  private ProviderHook createHook(String... events) {
    return client
        .createHook(
            Secret.of(TOKEN),
            repo,
            new HookSpec(receiver.url("/ingest/gitlab").toString(), SECRET, List.of(events)))
        .value();
  }

  private GitLabSimulator.Hook onlyHook() {
    return gitlab.hooks(PROJECT).get(0);
  }

  private static byte[] fixture(String name) throws IOException {
    return GitLabFixtures.bytes(name);
  }

  private static InboundRequest asInbound(RecordedRequest r) {
    Map<String, List<String>> headers = new LinkedHashMap<>(r.getHeaders().toMultimap());
    return new InboundRequest(
        Headers.of(headers), r.getBody().toByteArray(), "127.0.0.1", Instant.now());
  }

  private Response raw(String method, String path, String json) throws IOException {
    Request.Builder b =
        new Request.Builder()
            .url(gitlab.baseUrl() + "/api/v4" + path)
            .header("PRIVATE-TOKEN", TOKEN);
    b.method(
        method, json == null ? null : RequestBody.create(json, MediaType.get("application/json")));
    return http.newCall(b.build()).execute();
  }

  @Test
  void delivers_with_gitlab_headers_that_the_decoder_verifies() throws Exception {
    createHook("pipeline_events");
    byte[] payload = fixture("pipeline_hook.json");

    List<GitLabSimulator.Attempt> attempts = gitlab.deliver(PROJECT, "Pipeline Hook", payload);

    assertThat(attempts).singleElement().satisfies(a -> assertThat(a.success()).isTrue());
    RecordedRequest received = receiver.takeRequest(5, TimeUnit.SECONDS);
    assertThat(received.getBody().toByteArray()).isEqualTo(payload);
    assertThat(received.getHeaders().get("X-Gitlab-Event")).isEqualTo("Pipeline Hook");
    assertThat(received.getHeaders().get("X-Gitlab-Token")).isEqualTo(SECRET.reveal());
    assertThat(received.getHeaders().get("X-Gitlab-Event-UUID")).isNotBlank();
    assertThat(received.getHeaders().get("X-Gitlab-Webhook-UUID")).isNotBlank();
    assertThat(received.getHeaders().get("Idempotency-Key")).isNotBlank();
    assertThat(received.getHeaders().get("X-Gitlab-Instance")).isEqualTo(gitlab.baseUrl());
    assertThat(received.getHeaders().get("User-Agent")).startsWith("GitLab/");
    GitLabInboundDecoder decoder = new GitLabInboundDecoder();
    InboundRequest inbound = asInbound(received);
    assertThat(DecoderCalls.locate(decoder, inbound.headers()))
        .isEqualTo(new HookLocator.ByTokenHash(Sha256.hex(SECRET.reveal())));
    assertThat(DecoderCalls.verify(decoder, inbound, List.of(SECRET)))
        .isEqualTo(SignatureCheck.VALID);
    assertThat(DecoderCalls.deliveryId(decoder, inbound))
        .isEqualTo(received.getHeaders().get("Idempotency-Key"));
    assertThat(DecoderCalls.decode(decoder, inbound).repository().providerRepoId()).isEqualTo(1);
  }

  @Test
  void delivers_only_to_hooks_subscribed_to_the_event() throws Exception {
    createHook("push_events");

    assertThat(gitlab.deliver(PROJECT, "Pipeline Hook", fixture("pipeline_hook.json"))).isEmpty();
    assertThat(gitlab.deliver(PROJECT, "Push Hook", fixture("push_hook.json"))).hasSize(1);
    assertThat(receiver.getRequestCount()).isEqualTo(1);
  }

  @Test
  void disables_a_failing_hook_temporarily_then_for_good() throws Exception {
    createHook("pipeline_events");
    receiverAnswers(500);
    byte[] payload = fixture("pipeline_hook.json");

    for (int i = 0; i < 3; i++) gitlab.deliver(PROJECT, "Pipeline Hook", payload);
    assertThat(onlyHook().alertStatus()).isEqualTo("executable");

    gitlab.deliver(PROJECT, "Pipeline Hook", payload); // 4th consecutive failure
    assertThat(onlyHook().alertStatus()).isEqualTo("temporarily_disabled");
    assertThat(onlyHook().disabledUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    ProviderHook seen = client.listHooks(Secret.of(TOKEN), repo).value().get(0);
    assertThat(seen.health().alertStatus()).isEqualTo(HookHealth.AlertStatus.TEMPORARILY_DISABLED);
    assertThat(seen.delivering(clock.instant())).isFalse();
    assertThat(seen.health().disabledUntil())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(gitlab.deliver(PROJECT, "Pipeline Hook", payload))
        .isEmpty(); // not sent while disabled

    clock.advance(Duration.ofSeconds(61));
    assertThat(onlyHook().alertStatus()).isEqualTo("executable");
    gitlab.deliver(PROJECT, "Pipeline Hook", payload); // 5th failure: backoff doubles
    assertThat(onlyHook().disabledUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));

    for (int failures = 5; failures < 40; failures++) {
      clock.advance(Duration.ofHours(25)); // past any backoff (capped at 24 h)
      assertThat(gitlab.deliver(PROJECT, "Pipeline Hook", payload)).hasSize(1);
    }
    assertThat(onlyHook().consecutiveFailures()).isEqualTo(40);
    assertThat(onlyHook().alertStatus()).isEqualTo("disabled");
    clock.advance(Duration.ofDays(30));
    assertThat(gitlab.deliver(PROJECT, "Pipeline Hook", payload)).isEmpty();
    assertThat(client.listHooks(Secret.of(TOKEN), repo).value().get(0).health().alertStatus())
        .isEqualTo(HookHealth.AlertStatus.DISABLED);
  }

  @Test
  void a_successful_test_request_re_enables_a_disabled_hook() throws Exception {
    ProviderHook hook = createHook("pipeline_events", "push_events");
    receiverAnswers(503);
    for (int i = 0; i < 4; i++)
      gitlab.deliver(PROJECT, "Pipeline Hook", fixture("pipeline_hook.json"));
    assertThat(onlyHook().alertStatus()).isEqualTo("temporarily_disabled");

    receiverAnswers(200);
    assertThat(client.ping(Secret.of(TOKEN), repo, hook.providerHookId()).value())
        .isEqualTo(PingOutcome.SENT);

    assertThat(onlyHook().alertStatus()).isEqualTo("executable");
    assertThat(onlyHook().consecutiveFailures()).isZero();
    // The client tests with a push (a test pipeline would resend the newest pipeline out of order).
    RecordedRequest last = null;
    for (int i = 0; i < 5; i++) last = receiver.takeRequest(5, TimeUnit.SECONDS);
    assertThat(last.getHeaders().get("X-Gitlab-Event")).isEqualTo("Push Hook");
  }

  @Test
  void a_test_request_the_receiver_refuses_is_reported() {
    ProviderHook hook = createHook("push_events");
    receiverAnswers(401);

    var ping = client.ping(Secret.of(TOKEN), repo, hook.providerHookId());

    assertThat(ping.failure().reason()).isEqualTo(FailureReason.INVALID_HOOK_CONFIG);
    assertThat(ping.failure().message()).contains("Hook execution failed");
  }

  @Test
  void lists_failed_deliveries_and_resends_them_with_the_same_idempotency_key() throws Exception {
    ProviderHook hook = createHook("pipeline_events");
    receiverAnswers(500);
    gitlab.deliver(PROJECT, "Pipeline Hook", fixture("pipeline_hook.json"));
    RecordedRequest first = receiver.takeRequest(5, TimeUnit.SECONDS);
    String firstKey = first.getHeaders().get("Idempotency-Key");
    String firstRequestUuid = first.getHeaders().get("X-Gitlab-Webhook-UUID");

    List<ProviderDelivery> failed =
        client
            .listDeliveries(Secret.of(TOKEN), repo, hook.providerHookId(), null, true)
            .value()
            .items();
    assertThat(failed)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.guid()).isEqualTo(firstKey);
              assertThat(d.event()).isEqualTo("Pipeline Hook");
              assertThat(d.statusCode()).isEqualTo(500);
              assertThat(d.deliveredAt()).isEqualTo(clock.instant());
            });

    receiverAnswers(200);
    client
        .redeliver(
            Secret.of(TOKEN), repo, hook.providerHookId(), failed.get(0).providerDeliveryId())
        .value();

    RecordedRequest resent = receiver.takeRequest(5, TimeUnit.SECONDS);
    assertThat(resent.getHeaders().get("Idempotency-Key")).isEqualTo(firstKey);
    assertThat(resent.getHeaders().get("X-Gitlab-Webhook-UUID")).isNotEqualTo(firstRequestUuid);
    assertThat(
            client
                .listDeliveries(Secret.of(TOKEN), repo, hook.providerHookId(), null, true)
                .value()
                .items())
        .hasSize(1);
    assertThat(
            client
                .listDeliveries(Secret.of(TOKEN), repo, hook.providerHookId(), null, false)
                .value()
                .items())
        .hasSize(2);
  }

  @Test
  void an_older_instance_has_no_test_events_or_resend_api() throws Exception {
    ProviderHook hook = createHook("pipeline_events");
    gitlab.setVersion("16.10.3-ee");

    assertThat(client.ping(Secret.of(TOKEN), repo, hook.providerHookId()).value())
        .isEqualTo(PingOutcome.NOT_SUPPORTED);
    assertThat(
            client
                .listDeliveries(Secret.of(TOKEN), repo, hook.providerHookId(), null, false)
                .failure()
                .reason())
        .isEqualTo(FailureReason.UNSUPPORTED_BY_PROVIDER);
    assertThat(
            client.redeliver(Secret.of(TOKEN), repo, hook.providerHookId(), "1").failure().reason())
        .isEqualTo(FailureReason.UNSUPPORTED_BY_PROVIDER);
  }

  @Test
  void changing_the_url_without_the_token_resets_it_as_gitlab_does() throws Exception {
    ProviderHook hook = createHook("push_events");

    try (Response r =
        raw(
            "PUT",
            "/projects/1/hooks/" + hook.providerHookId(),
            "{\"url\":\"http://127.0.0.1:1/other\"}")) {
      assertThat(r.code()).isEqualTo(200);
    }

    assertThat(onlyHook().token()).isNull();
    assertThat(onlyHook().toString()).doesNotContain(SECRET.reveal());
  }

  @Test
  void signs_deliveries_when_the_hook_has_a_signing_token() throws Exception {
    String signing = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    String body =
        "{\"url\":\""
            + receiver.url("/ingest")
            + "\",\"token\":\""
            + signing
            + "\",\"signing_token\":\""
            + signing
            + "\",\"push_events\":true}";
    try (Response r = raw("POST", "/projects/acme%2Fwidgets/hooks", body)) {
      assertThat(r.code()).isEqualTo(201);
    }

    gitlab.deliver(PROJECT, "Push Hook", fixture("push_hook.json"));

    RecordedRequest received = receiver.takeRequest(5, TimeUnit.SECONDS);
    assertThat(received.getHeaders().get("webhook-id"))
        .isEqualTo(received.getHeaders().get("Idempotency-Key"));
    assertThat(received.getHeaders().get("webhook-signature")).startsWith("v1,");
    assertThat(
            DecoderCalls.verify(
                new GitLabInboundDecoder(clock), asInbound(received), List.of(Secret.of(signing))))
        .isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void answers_with_gitlab_error_bodies() throws Exception {
    try (Response r = raw("GET", "/projects/nobody%2Fnothing", null)) {
      assertThat(r.code()).isEqualTo(404);
      assertThat(r.body().string()).isEqualTo("{\"message\":\"404 Project Not Found\"}");
    }
    gitlab.setHookLimit(0);
    try (Response r = raw("POST", "/projects/1/hooks", "{\"url\":\"https://example.com/h\"}")) {
      assertThat(r.code()).isEqualTo(422);
      assertThat(r.body().string())
          .isEqualTo("{\"error\":\"Maximum number of project hooks (0) exceeded\"}");
    }
    try (Response r = raw("POST", "/projects/1/hooks", "{\"push_events\":true}")) {
      assertThat(r.code()).isEqualTo(400);
    }
    Request anonymous = new Request.Builder().url(gitlab.baseUrl() + "/api/v4/user").build();
    try (Response r = http.newCall(anonymous).execute()) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.body().string()).isEqualTo("{\"message\":\"401 Unauthorized\"}");
    }
  }

  @Test
  void a_renamed_project_keeps_its_id_and_hooks() {
    createHook("push_events");
    gitlab.outOfBand().renameProject(PROJECT, "acme/gadgets");

    var renamed = client.getRepository(Secret.of(TOKEN), "acme/gadgets").value();

    assertThat(renamed.providerRepoId()).isEqualTo(repo.providerRepoId());
    // the old path is redirected (GET 301 to /projects/<id>), so it still finds the project
    assertThat(client.getRepository(Secret.of(TOKEN), PROJECT).value()).isEqualTo(renamed);
    assertThat(client.listHooks(Secret.of(TOKEN), repo).value()).hasSize(1);
  }

  @Test
  void a_hook_removed_out_of_band_is_gone_for_the_client() {
    ProviderHook hook = createHook("push_events");
    gitlab.outOfBand().deleteHook(PROJECT, Long.parseLong(hook.providerHookId()));

    assertThat(client.listHooks(Secret.of(TOKEN), repo).value()).isEmpty();
    assertThat(client.deleteHook(Secret.of(TOKEN), repo, hook.providerHookId()).value())
        .isEqualTo(dev.hookkeeper.core.port.ProviderHooksApi.DeleteOutcome.ALREADY_GONE);
    assertThat(
            client
                .updateHook(
                    Secret.of(TOKEN),
                    repo,
                    hook.providerHookId(),
                    new HookSpec("http://127.0.0.1:1/x", SECRET, List.of("push_events")))
                .failure()
                .reason())
        .isEqualTo(FailureReason.HOOK_NOT_FOUND);
  }

  @Test
  void never_sends_a_delivery_off_this_machine() throws Exception {
    client
        .createHook(
            Secret.of(TOKEN),
            repo,
            new HookSpec("https://hooks.example.com/ingest", SECRET, List.of("push_events")))
        .value();

    List<GitLabSimulator.Attempt> attempts =
        gitlab.deliver(PROJECT, "Push Hook", fixture("push_hook.json"));

    assertThat(attempts).singleElement().satisfies(a -> assertThat(a.statusCode()).isZero());
  }
}
