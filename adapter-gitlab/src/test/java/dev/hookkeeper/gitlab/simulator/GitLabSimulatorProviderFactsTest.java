package dev.hookkeeper.gitlab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.testkit.DecoderCalls;
import dev.hookkeeper.core.testkit.MutableClock;
import dev.hookkeeper.gitlab.GitLabHooksClient;
import dev.hookkeeper.gitlab.GitLabInboundDecoder;
import dev.hookkeeper.gitlab.TestReceiver;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator held to provider-facts.md: fired pipelines and their hooks, the pipelines API and
 * its counting limit, moved projects, tokens, budgets, the 5-a-minute test and resend limits.
 */
class GitLabSimulatorProviderFactsTest {
  private static final String PROJECT = "acme/widgets";
  private static final Secret TOKEN = Secret.of("glpat-maria");
  private static final Secret SECRET = Secret.of("hook-secret-facts");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));
  private final GitLabSimulator gitlab = GitLabSimulator.start(clock);
  private final TestReceiver receiver = new TestReceiver();
  private final OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();
  private final GitLabHooksClient client;
  private final GitLabInboundDecoder decoder = new GitLabInboundDecoder(clock);
  private final ProviderRepoRef repo;

  GitLabSimulatorProviderFactsTest() {
    gitlab.addUser("maria", TOKEN.reveal());
    long id = gitlab.addProject(PROJECT);
    gitlab.grant("maria", PROJECT, GitLabSimulator.Role.MAINTAINER);
    repo = new ProviderRepoRef(id, PROJECT);
    client = new GitLabHooksClient(http, gitlab.baseUrl(), 1, Duration.ZERO, clock);
  }

  @AfterEach
  void stop() {
    gitlab.close();
    receiver.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private String hook() {
    return client.createHook(TOKEN, repo, new HookSpec(receiver.url("/hook"), SECRET, List.of("pipeline_events", "job_events")))
        .value().providerHookId();
  }

  private List<InboundRequest> received(String event) {
    return receiver.received().stream().filter(r -> r.headers().first("X-Gitlab-Event").orElse("").equals(event)).toList();
  }

  private Response raw(String method, String path, String token) throws IOException {
    Request.Builder b = new Request.Builder().url(gitlab.baseUrl() + "/api/v4/" + path).header("PRIVATE-TOKEN", token);
    if (!method.equals("GET")) b.method(method, RequestBody.create("{}", MediaType.get("application/json")));
    return http.newCall(b.build()).execute();
  }

  @Test
  void a_fired_pipeline_is_delivered_and_listed_and_both_read_the_same() {
    hook();

    GitLabSimulator.SimulatedPipeline fired = gitlab.firePipeline(PROJECT, FiredPipeline.ci(false));

    assertThat(fired.attempts()).hasSize(2).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
    InboundRequest pipelineHook = received("Pipeline Hook").get(0);
    assertThat(DecoderCalls.verify(decoder, pipelineHook, List.of(SECRET)).valid()).isTrue();
    WorkflowRunChanged live = (WorkflowRunChanged) DecoderCalls.decode(decoder, pipelineHook).meaning();
    assertThat(live.run().providerRunId()).isEqualTo(fired.pipelineId());
    assertThat(live.jobs()).singleElement().satisfies(j -> assertThat(j.failureReason()).isEqualTo("script_failure"));
    assertThat(client.runsClient().listRuns(TOKEN, repo, clock.instant().minusSeconds(60), null).value().items())
        .containsExactly(live);
    DomainEvent.WorkflowJobChanged job = (DomainEvent.WorkflowJobChanged) DecoderCalls.decode(decoder, received("Job Hook").get(0)).meaning();
    assertThat(client.runsClient().listJobs(TOKEN, repo, fired.pipelineId()).value()).containsExactly(job.job());
  }

  @Test
  void payloads_carry_the_current_path_and_the_old_path_redirects_get_and_refuses_the_rest() throws IOException {
    hook();
    gitlab.outOfBand().renameProject(PROJECT, "acme/gadgets");
    gitlab.firePipeline("acme/gadgets", FiredPipeline.ci(true));

    DecodedEvent decoded = DecoderCalls.decode(decoder, received("Pipeline Hook").get(0));
    assertThat(decoded.repository()).isEqualTo(new ProviderRepoRef(repo.providerRepoId(), "acme/gadgets"));
    try (Response get = raw("GET", "projects/acme%2Fwidgets/hooks", TOKEN.reveal());
        Response put = raw("POST", "projects/acme%2Fwidgets/hooks", TOKEN.reveal())) {
      assertThat(get.code()).isEqualTo(301);
      assertThat(get.header("Location")).isEqualTo(gitlab.baseUrl() + "/api/v4/projects/" + repo.providerRepoId() + "/hooks");
      assertThat(put.code()).isEqualTo(405);
      assertThat(JSON.readTree(put.body().string()).get("message").asText())
          .isEqualTo("Non GET methods are not allowed for moved projects");
    }
  }

  @Test
  void gitlab_stops_counting_above_ten_thousand_pipelines_but_still_says_the_next_page() throws IOException {
    for (int i = 0; i < 10_001; i++) gitlab.firePipeline(PROJECT, FiredPipeline.ci(true));

    try (Response many = raw("GET", "projects/" + repo.providerRepoId() + "/pipelines?per_page=100", TOKEN.reveal())) {
      assertThat(many.header("X-Next-Page")).isEqualTo("2");
      assertThat(many.header("X-Total")).isNull();
      assertThat(many.header("X-Total-Pages")).isNull();
      assertThat(many.header("Link")).contains("rel=\"next\"").doesNotContain("rel=\"last\"");
    }
    try (Response jobs = raw("GET", "projects/" + repo.providerRepoId() + "/pipelines/1000/jobs", TOKEN.reveal())) {
      assertThat(jobs.header("X-Total")).isEqualTo("1");
    }
  }

  @Test
  void revoked_expired_and_narrowed_tokens_get_gitlabs_oauth_answers() throws IOException {
    gitlab.addUser("reader", "glpat-reader", List.of("read_api"));
    gitlab.grant("reader", PROJECT, GitLabSimulator.Role.MAINTAINER);
    gitlab.addUser("old", "oauth-old");
    gitlab.outOfBand().revokeToken(TOKEN.reveal());
    gitlab.outOfBand().expireToken("oauth-old");

    try (Response revoked = raw("GET", "user", TOKEN.reveal()); Response expired = raw("GET", "user", "oauth-old");
        Response narrowed = raw("POST", "projects/" + repo.providerRepoId() + "/hooks", "glpat-reader");
        Response reading = raw("GET", "projects/" + repo.providerRepoId() + "/hooks", "glpat-reader")) {
      assertThat(revoked.code()).isEqualTo(401);
      assertThat(JSON.readTree(revoked.body().string()).get("error_description").asText()).startsWith("Token was revoked");
      assertThat(JSON.readTree(expired.body().string()).get("error_description").asText()).startsWith("Token is expired");
      assertThat(narrowed.code()).isEqualTo(403);
      assertThat(JSON.readTree(narrowed.body().string()).get("error").asText()).isEqualTo("insufficient_scope");
      assertThat(reading.code()).isEqualTo(200);
    }
  }

  @Test
  void every_answer_reports_the_budget_and_a_spent_one_gets_429_with_retry_after() throws IOException {
    gitlab.rateBudget(2, Duration.ofMinutes(1));
    try (Response first = raw("GET", "user", TOKEN.reveal()); Response second = raw("GET", "user", TOKEN.reveal());
        Response third = raw("GET", "user", TOKEN.reveal())) {
      assertThat(first.header("RateLimit-Limit")).isEqualTo("2");
      assertThat(first.header("RateLimit-Remaining")).isEqualTo("1");
      assertThat(second.header("RateLimit-Observed")).isEqualTo("2");
      assertThat(third.code()).isEqualTo(429);
      assertThat(third.header("Retry-After")).isEqualTo("60");
      assertThat(third.header("RateLimit-Reset")).isEqualTo(Long.toString(clock.instant().plusSeconds(60).getEpochSecond()));
    }
    clock.advance(Duration.ofMinutes(1));
    try (Response again = raw("GET", "user", TOKEN.reveal())) {
      assertThat(again.code()).isEqualTo(200);
    }
  }

  @Test
  void test_requests_and_resends_are_limited_to_five_a_minute() throws IOException {
    String id = hook();
    gitlab.firePipeline(PROJECT, FiredPipeline.ci(true));
    String test = "projects/" + repo.providerRepoId() + "/hooks/" + id + "/test/pipeline_events";
    for (int i = 0; i < 5; i++) {
      try (Response r = raw("POST", test, TOKEN.reveal())) {
        assertThat(r.code()).isEqualTo(201);
      }
    }
    try (Response sixth = raw("POST", test, TOKEN.reveal())) {
      assertThat(sixth.code()).isEqualTo(429);
      JsonNode body = JSON.readTree(sixth.body().string());
      assertThat(body.at("/message/error").asText()).contains("requested too many times");
    }
    String eventId = client.listDeliveries(TOKEN, repo, id, null, false).value().items().get(0).providerDeliveryId();
    String resend = "projects/" + repo.providerRepoId() + "/hooks/" + id + "/events/" + eventId + "/resend";
    for (int i = 0; i < 5; i++) {
      try (Response r = raw("POST", resend, TOKEN.reveal())) {
        assertThat(r.code()).isEqualTo(201);
      }
    }
    try (Response sixth = raw("POST", resend, TOKEN.reveal())) {
      assertThat(sixth.code()).isEqualTo(429);
    }
    clock.advance(Duration.ofSeconds(61));
    try (Response later = raw("POST", test, TOKEN.reveal())) {
      assertThat(later.code()).isEqualTo(201);
    }
  }

  @Test
  void refused_and_slow_receivers_are_failed_events_without_a_status() {
    String id = hook();
    gitlab.deliveryTimeout(Duration.ofMillis(200));
    receiver.answer(0);
    gitlab.firePipeline(PROJECT, FiredPipeline.ci(true));
    receiver.answer(200);
    receiver.delay(Duration.ofSeconds(2));
    gitlab.firePipeline(PROJECT, FiredPipeline.ci(true));

    var log = client.listDeliveries(TOKEN, repo, id, null, true).value().items();

    assertThat(log).hasSize(4).allSatisfy(d -> {
      assertThat(d.status()).isEqualTo("internal error");
      assertThat(d.success()).isFalse();
    });
    // 4 consecutive failures: GitLab disables the hook for a minute (provider-facts 0.13)
    assertThat(gitlab.hooks(PROJECT).get(0).alertStatus()).isEqualTo("temporarily_disabled");
  }
}
