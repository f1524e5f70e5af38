package dev.hookkeeper.github.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.testkit.DecoderCalls;
import dev.hookkeeper.core.testkit.MutableClock;
import dev.hookkeeper.github.GitHubHooksClient;
import dev.hookkeeper.github.GitHubInboundDecoder;
import dev.hookkeeper.github.TestReceiver;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator held to provider-facts.md: fired runs and their webhooks, the Actions listing and
 * its search cap, repository lifecycle events and redirects, token revocation, budgets and limits,
 * timeouts and switched-off hooks in the delivery log.
 */
class GitHubSimulatorProviderFactsTest {
  private static final String REPO = "octo-org/octo-repo";
  private static final long REPO_ID = 300029405L;
  private static final Secret ADMIN = Secret.of("admin-token");
  private static final Secret SECRET = Secret.of("simulator-facts-secret");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));
  private final GitHubSimulator github = GitHubSimulator.start(clock);
  private final TestReceiver receiver = new TestReceiver();
  private final OkHttpClient http = new OkHttpClient();
  private final GitHubHooksClient client =
      new GitHubHooksClient(github.baseUrl(), http, new GitHubHooksClient.Settings(1, Duration.ZERO, Duration.ZERO), clock);
  private final GitHubInboundDecoder decoder = new GitHubInboundDecoder();
  private final ProviderRepoRef repo = new ProviderRepoRef(REPO_ID, REPO);

  GitHubSimulatorProviderFactsTest() {
    github.addRepository(REPO, REPO_ID, false, "main");
    github.addUser("octocat", ADMIN.reveal(), List.of("repo", "admin:repo_hook"));
    github.grant("octocat", REPO, GitHubSimulator.Role.ADMIN);
  }

  @AfterEach
  void stop() {
    github.awaitIdle(Duration.ofSeconds(10));
    github.close();
    receiver.close();
  }

  private long hook(String... events) {
    long id = Long.parseLong(client.createHook(ADMIN, repo, new HookSpec(receiver.url("/hook"), SECRET, List.of(events))).value()
        .providerHookId());
    github.awaitIdle(Duration.ofSeconds(10));
    return id;
  }

  private List<InboundRequest> received(String event) {
    return receiver.received().stream().filter(r -> r.headers().first("X-GitHub-Event").orElse("").equals(event)).toList();
  }

  /** One request as sent, redirects not followed. */
  private Response raw(String method, String path, String token) throws IOException {
    Request.Builder b = new Request.Builder().url(github.baseUrl() + path);
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (!method.equals("GET")) b.method(method, RequestBody.create(new byte[0]));
    return http.newBuilder().followRedirects(false).build().newCall(b.build()).execute();
  }

  @Test
  void a_fired_run_is_delivered_and_listed_and_both_read_the_same() {
    hook("workflow_run", "workflow_job");

    GitHubSimulator.SimulatedRun fired = github.fireWorkflowRun(REPO, FiredRun.ci(false));

    assertThat(fired.deliveries()).extracting(GitHubSimulator.SimulatedDelivery::event).containsExactly("workflow_job", "workflow_run");
    InboundRequest runHook = received("workflow_run").get(0);
    assertThat(DecoderCalls.verify(decoder, runHook, List.of(SECRET)).valid()).isTrue();
    WorkflowRunChanged live = (WorkflowRunChanged) DecoderCalls.decode(decoder, runHook).meaning();
    assertThat(live.run().providerRunId()).isEqualTo(fired.runId());
    assertThat(live.run().conclusion().isFailure()).isTrue();
    assertThat(client.runsClient().listRuns(ADMIN, repo, clock.instant().minusSeconds(60), null).value().items())
        .containsExactly(live);
    assertThat(client.runsClient().getRun(ADMIN, repo, fired.runId()).value()).isEqualTo(live);
    DomainEvent.WorkflowJobChanged job = (DomainEvent.WorkflowJobChanged) DecoderCalls.decode(decoder, received("workflow_job").get(0)).meaning();
    assertThat(client.runsClient().listJobs(ADMIN, repo, fired.runId()).value()).containsExactly(job.job());
    assertThat(job.job().failedSteps()).containsExactly("Run tests");
  }

  @Test
  void the_runs_listing_is_a_search_capped_at_1000_results() throws IOException {
    for (int i = 0; i < 1001; i++) {
      github.fireWorkflowRun(REPO, FiredRun.ci(true));
      clock.advance(Duration.ofSeconds(1)); // created_at has whole seconds: the narrowed window needs distinct ones
    }

    try (Response tenth = raw("GET", "/repos/" + REPO + "/actions/runs?created=2026-11-30&per_page=100&page=10", ADMIN.reveal())) {
      JsonNode body = JSON.readTree(tenth.body().string());
      assertThat(body.get("total_count").asInt()).isEqualTo(1001);
      assertThat(body.get("workflow_runs").size()).isEqualTo(100);
      assertThat(tenth.header("Link")).doesNotContain("rel=\"next\"");
    }
    try (Response eleventh = raw("GET", "/repos/" + REPO + "/actions/runs?created=%3E%3D2026-11-30&per_page=100&page=11", ADMIN.reveal())) {
      assertThat(JSON.readTree(eleventh.body().string()).get("workflow_runs").size()).isZero();
    }
    try (Response invalid = raw("GET", "/repos/" + REPO + "/actions/runs?created=yesterday", ADMIN.reveal())) {
      assertThat(invalid.code()).isEqualTo(422);
    }
    // the client reaches all 1001 anyway, narrowing the window below the oldest run seen
    var runs = client.runsClient();
    java.util.Set<Long> ids = new java.util.HashSet<>();
    String cursor = null;
    do {
      var page = runs.listRuns(ADMIN, repo, Instant.parse("2026-11-30T00:00:00Z"), cursor).value();
      page.items().forEach(r -> ids.add(r.run().providerRunId()));
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(ids).hasSize(1001);
  }

  @Test
  void a_rename_and_a_transfer_reach_the_hooks_and_the_old_names_redirect() throws IOException {
    hook("repository");

    github.outOfBand().renameRepository(REPO, "octo-org/renamed");
    github.outOfBand().renameRepository("octo-org/renamed", "new-owner/renamed");
    github.awaitIdle(Duration.ofSeconds(10));

    // sent in the background, so in either order, as GitHub may (provider-facts 1.4)
    assertThat(received("repository")).extracting(r -> DecoderCalls.decode(decoder, r).meaning()).containsExactlyInAnyOrder(
        new DomainEvent.RepositoryRenamed(REPO_ID, "octo-org/renamed", "renamed"),
        new DomainEvent.RepositoryRenamed(REPO_ID, "new-owner/renamed", "transferred"));
    try (Response get = raw("GET", "/repos/" + REPO + "/hooks", ADMIN.reveal());
        Response post = raw("POST", "/repos/" + REPO + "/hooks", ADMIN.reveal())) {
      assertThat(get.code()).isEqualTo(301);
      assertThat(get.header("Location")).isEqualTo(github.baseUrl() + "/repositories/" + REPO_ID + "/hooks");
      assertThat(post.code()).isEqualTo(307);
    }
  }

  @Test
  void archiving_sends_archived_and_deleting_sends_nothing_and_answers_404() throws IOException {
    hook("repository", "meta");
    github.outOfBand().archiveRepository(REPO);
    github.awaitIdle(Duration.ofSeconds(10));
    assertThat(received("repository")).extracting(r -> DecoderCalls.decode(decoder, r).action()).containsExactly("archived");
    assertThat(client.repositoriesClient().getRepositoryById(ADMIN, REPO_ID).value().archived()).isTrue();
    int before = receiver.received().size();

    github.outOfBand().deleteRepository(REPO);
    github.awaitIdle(Duration.ofSeconds(10));

    // a repository hook never receives its own repository's deletion (provider-facts 4.6)
    assertThat(receiver.received()).hasSize(before);
    try (Response byId = raw("GET", "/repositories/" + REPO_ID, ADMIN.reveal())) {
      assertThat(byId.code()).isEqualTo(404);
    }
  }

  @Test
  void a_revoked_token_gets_bad_credentials() throws IOException {
    github.outOfBand().revokeToken(ADMIN.reveal());
    try (Response r = raw("GET", "/user", ADMIN.reveal())) {
      assertThat(r.code()).isEqualTo(401);
      JsonNode body = JSON.readTree(r.body().string());
      assertThat(body.get("message").asText()).isEqualTo("Bad credentials");
      assertThat(body.get("status").asText()).isEqualTo("401");
    }
  }

  @Test
  void a_spent_budget_is_refused_until_the_window_resets_and_secondary_limits_say_retry_after() throws IOException {
    github.rateBudget(2, Duration.ofHours(1));
    try (Response first = raw("GET", "/user", ADMIN.reveal()); Response second = raw("GET", "/user", ADMIN.reveal());
        Response third = raw("GET", "/user", ADMIN.reveal())) {
      assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("1");
      assertThat(second.header("X-RateLimit-Remaining")).isEqualTo("0");
      assertThat(third.code()).isEqualTo(403);
      assertThat(third.header("X-RateLimit-Remaining")).isEqualTo("0");
      assertThat(third.header("X-RateLimit-Reset")).isEqualTo(Long.toString(clock.instant().plus(Duration.ofHours(1)).getEpochSecond()));
      assertThat(third.body().string()).contains("API rate limit exceeded");
    }
    clock.advance(Duration.ofHours(1));
    github.secondaryRateLimitNext(Duration.ofSeconds(30));
    try (Response limited = raw("GET", "/user", ADMIN.reveal()); Response again = raw("GET", "/user", ADMIN.reveal())) {
      assertThat(limited.code()).isEqualTo(403);
      assertThat(limited.header("Retry-After")).isEqualTo("30");
      assertThat(limited.body().string()).contains("secondary rate limit");
      assertThat(again.code()).isEqualTo(200);
    }
  }

  @Test
  void slow_and_unreachable_receivers_are_logged_as_failed_attempts() {
    long id = hook("workflow_run", "workflow_job");
    github.deliveryTimeout(Duration.ofMillis(200));
    receiver.delay(Duration.ofSeconds(2));
    github.fireWorkflowRun(REPO, FiredRun.ci(true));
    receiver.delay(Duration.ZERO);
    receiver.answer(0);
    github.fireWorkflowRun(REPO, FiredRun.ci(true));

    List<GitHubSimulator.SimulatedDelivery> log = github.deliveries(REPO, id);
    assertThat(log.subList(log.size() - 4, log.size())).extracting(GitHubSimulator.SimulatedDelivery::status)
        .containsExactly("timed out", "timed out", "failed to connect", "failed to connect");
    assertThat(log.subList(log.size() - 4, log.size())).allSatisfy(d -> assertThat(d.statusCode()).isEqualTo(502));
    assertThat(client.getHook(ADMIN, repo, Long.toString(id)).value().health().lastResponse().failing()).isTrue();
  }

  @Test
  void a_switched_off_hook_gets_nothing_and_logs_nothing() {
    long id = hook("workflow_run", "workflow_job");
    int logged = github.deliveries(REPO, id).size();
    github.outOfBand().setHookActive(REPO, id, false);

    assertThat(github.fireWorkflowRun(REPO, FiredRun.ci(false)).deliveries()).isEmpty();

    assertThat(github.deliveries(REPO, id)).hasSize(logged);
    assertThat(received("workflow_run")).isEmpty();
  }
}
