package dev.hookkeeper.github;

import static dev.hookkeeper.github.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.testkit.DecoderCalls;
import java.time.Instant;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Actions runs and repository-by-id clients against GitHub's answers. GitHub's REST {@code
 * workflow-run} and {@code job} objects are the webhooks' own, so the answers here are built from
 * the real webhook payloads (hub4j recordings), and a run caught up must equal the decoded webhook.
 */
class GitHubRunsClientTest {
  private static final Secret TOKEN = Secret.of("ghp_runs_token_never_logged");
  private static final ProviderRepoRef REPO = new ProviderRepoRef(1296269L, "octocat/Hello-World");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ADMIN_REPO =
      "{\"id\":1296269,\"full_name\":\"octocat/Hello-World\",\"private\":false,\"default_branch\":\"main\",\"archived\":false,"
          + "\"permissions\":{\"admin\":true,\"push\":true,\"pull\":true}}";

  private final ApiServer api = new ApiServer();
  private final GitHubRunsClient runs = api.client.runsClient();
  private final GitHubInboundDecoder decoder = new GitHubInboundDecoder();

  @AfterEach
  void stop() {
    api.close();
  }

  private static ObjectNode payload(String fixture) throws Exception {
    return (ObjectNode) MAPPER.readTree(Fixtures.bytes(fixture));
  }

  private DomainEvent decoded(String event, String fixture) {
    InboundRequest r = new InboundRequest(Headers.single("X-GitHub-Event", event, "X-GitHub-Delivery", "g"),
        Fixtures.bytes(fixture), "127.0.0.1", Instant.EPOCH);
    return DecoderCalls.decode(decoder, r).meaning();
  }

  private static String runsPage(long total, ObjectNode... runs) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("total_count", total);
    ArrayNode array = body.putArray("workflow_runs");
    for (ObjectNode r : runs) array.add(r);
    return body.toString();
  }

  @Test
  void lists_runs_created_since_in_githubs_search_syntax_each_equal_to_its_decoded_webhook() throws Exception {
    ObjectNode run = (ObjectNode) payload("workflow_run/completed.success.pull_request.hub4j.json").get("workflow_run");
    api.enqueue(json(200, runsPage(1, run)));

    Page<WorkflowRunChanged> page = runs.listRuns(TOKEN, REPO, Instant.parse("2021-03-17T10:56:14.123Z"), null).value();

    assertThat(page.items()).containsExactly(
        (WorkflowRunChanged) decoded("workflow_run", "workflow_run/completed.success.pull_request.hub4j.json"));
    assertThat(page.items().get(0).run().pullRequests()).containsExactly(46L);
    assertThat(page.nextCursor()).isNull();
    RecordedRequest sent = api.take();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/repos/octocat/Hello-World/actions/runs");
    // times only inside a range, whole seconds, ':' encoded (provider-facts 4.3)
    assertThat(sent.getUrl().encodedQuery()).isEqualTo("created=2021-03-17T10%3A56%3A14Z..*&per_page=100&page=1");
    assertThat(sent.getUrl().queryParameter("created")).isEqualTo("2021-03-17T10:56:14Z..*");
  }

  @Test
  void follows_githubs_pages_within_the_window() throws Exception {
    ObjectNode run = (ObjectNode) payload("workflow_run/completed.success.hub4j.json").get("workflow_run");
    String next = api.server.url("/repositories/1296269/actions/runs?created=x&per_page=100&page=2").toString();
    api.enqueue(json(200, runsPage(101, run)).setHeader("Link", "<" + next + ">; rel=\"next\""));
    api.enqueue(json(200, runsPage(101, run)));

    Page<WorkflowRunChanged> first = runs.listRuns(TOKEN, REPO, Instant.parse("2021-01-01T00:00:00Z"), null).value();
    Page<WorkflowRunChanged> second = runs.listRuns(TOKEN, REPO, Instant.parse("2021-01-01T00:00:00Z"), first.nextCursor()).value();

    assertThat(first.nextCursor()).isNotNull();
    assertThat(second.nextCursor()).isNull();
    api.take();
    assertThat(api.take().getUrl().queryParameter("page")).isEqualTo("2");
  }

  @Test
  void goes_on_below_the_oldest_run_once_githubs_1000_results_are_used_up() throws Exception {
    ObjectNode run = (ObjectNode) payload("workflow_run/completed.success.hub4j.json").get("workflow_run");
    String created = run.get("created_at").asText();
    Instant since = Instant.parse("2021-01-01T00:00:00Z");
    // page 10 of a window holding 1,500 runs: GitHub offers no page 11
    api.enqueue(json(200, runsPage(1500, run)));
    api.enqueue(json(200, runsPage(1500, run)));

    Page<WorkflowRunChanged> tenth = runs.listRuns(TOKEN, REPO, since, "p10").value();
    runs.listRuns(TOKEN, REPO, since, tenth.nextCursor()).value();

    assertThat(api.take().getUrl().queryParameter("page")).isEqualTo("10");
    RecordedRequest narrowed = api.take();
    assertThat(narrowed.getUrl().queryParameter("created")).isEqualTo("2021-01-01T00:00:00Z.." + created);
    assertThat(narrowed.getUrl().queryParameter("page")).isEqualTo("1");
  }

  @Test
  void refuses_a_cursor_it_did_not_give() {
    assertThat(runs.listRuns(TOKEN, REPO, Instant.EPOCH, "page=2&x").isOk()).isFalse();
    assertThat(api.server.getRequestCount()).isZero();
  }

  @Test
  void reads_one_run_and_its_latest_jobs_as_the_webhooks_decode() throws Exception {
    ObjectNode run = (ObjectNode) payload("workflow_run/completed.success.hub4j.json").get("workflow_run");
    ObjectNode job = (ObjectNode) payload("workflow_job/completed.failure.hub4j.json").get("workflow_job");
    ObjectNode older = job.deepCopy().put("id", job.get("id").asLong() - 5);
    api.enqueue(json(200, run.toString()));
    String next = api.server.url("/repositories/1296269/actions/runs/680604745/jobs?filter=latest&page=2").toString();
    api.enqueue(json(200, "{\"total_count\":2,\"jobs\":[" + job + "]}").setHeader("Link", "<" + next + ">; rel=\"next\""));
    api.enqueue(json(200, "{\"total_count\":2,\"jobs\":[" + older + "]}"));

    WorkflowRunChanged one = runs.getRun(TOKEN, REPO, 680604745L).value();
    List<JobResult> jobs = runs.listJobs(TOKEN, REPO, 680604745L).value();

    assertThat(one).isEqualTo(decoded("workflow_run", "workflow_run/completed.success.hub4j.json"));
    JobResult live = ((DomainEvent.WorkflowJobChanged) decoded("workflow_job", "workflow_job/completed.failure.hub4j.json")).job();
    assertThat(jobs).hasSize(2);
    assertThat(jobs.get(1)).isEqualTo(live);
    assertThat(jobs.get(0).jobId()).isLessThan(jobs.get(1).jobId());
    assertThat(api.take().getUrl().encodedPath()).isEqualTo("/repos/octocat/Hello-World/actions/runs/680604745");
    RecordedRequest jobsRequest = api.take();
    assertThat(jobsRequest.getUrl().encodedPath()).isEqualTo("/repos/octocat/Hello-World/actions/runs/680604745/jobs");
    assertThat(jobsRequest.getUrl().queryParameter("filter")).isEqualTo("latest");
  }

  @Test
  void an_unknown_run_is_run_not_found_and_a_gone_repository_says_so() {
    api.enqueue(json(404, "{\"message\":\"Not Found\"}"));
    api.enqueue(json(200, ADMIN_REPO));
    assertThat(runs.getRun(TOKEN, REPO, 1L).failure().reason()).isEqualTo(FailureReason.RUN_NOT_FOUND);
    api.enqueue(json(404, "{\"message\":\"Not Found\"}"));
    api.enqueue(json(404, "{\"message\":\"Not Found\"}"));
    assertThat(runs.listJobs(TOKEN, REPO, 1L).failure().reason()).isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
  }

  @Test
  void reads_a_repository_by_its_stable_id_with_the_archived_flag() {
    api.enqueue(json(200, ADMIN_REPO.replace("\"archived\":false", "\"archived\":true").replace("octocat/Hello-World", "octo-org/Renamed")));
    ProviderRepository repo = api.client.repositoriesClient().getRepositoryById(TOKEN, 1296269L).value();
    assertThat(repo.fullName()).isEqualTo("octo-org/Renamed");
    assertThat(repo.archived()).isTrue();
    assertThat(api.take().getUrl().encodedPath()).isEqualTo("/repositories/1296269");

    api.enqueue(json(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}"));
    assertThat(api.client.repositoriesClient().getRepositoryById(TOKEN, 1296269L).failure().reason())
        .isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
  }
}
