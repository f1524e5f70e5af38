package dev.hookkeeper.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The pipelines and project-by-id clients against GitLab's answers (field names of pipelines.md and
 * jobs.md, times with milliseconds), each run equal to the Pipeline Hook of the same pipeline.
 */
class GitLabRunsClientTest {
  private static final Secret TOKEN = Secret.of("glpat-runs-token");
  private static final ProviderRepoRef REPO = new ProviderRepoRef(1, "gitlab-org/gitlab-test");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GitLabApiServer api = new GitLabApiServer();
  private final GitLabRunsClient runs = api.client.runsClient();

  @AfterEach
  void stop() {
    api.close();
  }

  /**
   * The real Pipeline Hook (gitlab4j's copy of GitLab's example) as a branch pipeline: the example
   * says {@code source: merge_request_event} with {@code ref: master}, which the pipelines API cannot
   * reproduce (it has no merge request field); see docs/providers/gitlab.md.
   */
  private static byte[] branchPipelineHook(String status) throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode root =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(GitLabFixtures.bytes("pipeline_hook.json"));
    root.putNull("merge_request");
    ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("object_attributes")).put("source", "push").put("status", status);
    return JSON.writeValueAsBytes(root);
  }

  private static JsonNode hook() throws Exception {
    return JSON.readTree(branchPipelineHook("success"));
  }

  /** Build 378 of the example, failed, as the jobs API lists it. */
  private static final String FAILED_JOB = "{\"id\":378,\"name\":\"test-build\",\"stage\":\"test\",\"status\":\"failed\","
      + "\"failure_reason\":\"script_failure\",\"finished_at\":\"2016-08-12T15:26:29.734Z\","
      + "\"web_url\":\"http://192.168.64.1:3005/gitlab-org/gitlab-test/-/jobs/378\",\"pipeline\":{\"id\":31}}";

  private static String apiPipeline(JsonNode hook, boolean detail) {
    JsonNode a = hook.get("object_attributes");
    String item = "\"id\":" + a.get("id") + ",\"iid\":" + a.get("iid") + ",\"project_id\":1,\"sha\":" + a.get("sha")
        + ",\"ref\":" + a.get("ref") + ",\"status\":" + a.get("status") + ",\"source\":" + a.get("source")
        + ",\"name\":" + a.get("name") + ",\"created_at\":\"2016-08-12T15:23:28.402Z\",\"updated_at\":\"2016-08-12T15:26:29.118Z\""
        + ",\"web_url\":" + a.get("url");
    return "{" + item + (detail ? ",\"started_at\":\"2016-08-12T15:23:29.000Z\",\"finished_at\":\"2016-08-12T15:26:29.118Z\"" : "") + "}";
  }

  private static WorkflowRunChanged decoded(byte[] payload) {
    InboundRequest r = new InboundRequest(Headers.single("X-Gitlab-Event", "Pipeline Hook", "X-Gitlab-Token", "t"), payload,
        "127.0.0.1", Instant.EPOCH);
    return (WorkflowRunChanged) DecoderCalls.decode(new GitLabInboundDecoder(), r).meaning();
  }

  @Test
  void lists_pipelines_updated_since_oldest_first_each_as_its_pipeline_hook_decodes() throws Exception {
    JsonNode hook = hook();
    api.enqueue(200, "[" + apiPipeline(hook, false) + "]", "X-Next-Page", "", "X-Page", "1", "X-Per-Page", "100");
    api.enqueue(200, apiPipeline(hook, true));
    api.enqueue(200, "[" + FAILED_JOB + "]");

    Page<WorkflowRunChanged> page = runs.listRuns(TOKEN, REPO, Instant.parse("2016-08-12T15:00:00Z"), null).value();

    // milliseconds of the API are dropped: the hook says whole seconds, and a catch-up must not look newer;
    // the passed pipeline still carries its failed (allowed to fail) build, as the hook's builds[] does
    assertThat(page.items()).containsExactly(decoded(branchPipelineHook("success")));
    assertThat(page.nextCursor()).isNull();
    RecordedRequest list = api.take();
    assertThat(list.getUrl().encodedPath()).isEqualTo("/api/v4/projects/1/pipelines");
    assertThat(list.getUrl().queryParameter("updated_after")).isEqualTo("2016-08-12T15:00:00Z");
    assertThat(list.getUrl().queryParameter("order_by")).isEqualTo("updated_at");
    assertThat(list.getUrl().queryParameter("sort")).isEqualTo("asc");
    assertThat(list.getUrl().queryParameter("per_page")).isEqualTo("100");
    assertThat(api.take().getUrl().encodedPath()).isEqualTo("/api/v4/projects/1/pipelines/31");
  }

  @Test
  void a_failed_pipeline_carries_its_failed_jobs_like_the_hooks_builds() throws Exception {
    JsonNode hook = JSON.readTree(branchPipelineHook("failed"));
    api.enqueue(200, apiPipeline(hook, true));
    api.enqueue(200, "[" + FAILED_JOB + "]");

    WorkflowRunChanged run = runs.getRun(TOKEN, REPO, 31).value();

    assertThat(run.run().conclusion()).isEqualTo(dev.hookkeeper.core.model.RunConclusion.FAILURE);
    assertThat(run.jobs()).singleElement().satisfies(j -> {
      assertThat(j.jobId()).isEqualTo(378);
      assertThat(j.failureReason()).isEqualTo("script_failure");
    });
    assertThat(run).isEqualTo(decoded(branchPipelineHook("failed")));
    api.take();
    RecordedRequest jobs = api.take();
    assertThat(jobs.getUrl().encodedPath()).isEqualTo("/api/v4/projects/1/pipelines/31/jobs");
    assertThat(jobs.getUrl().queryParameter("scope[]")).isEqualTo("failed");
  }

  @Test
  void follows_x_next_page_when_gitlab_stops_counting_above_ten_thousand_rows() {
    String item = "{\"id\":5,\"iid\":5,\"status\":\"running\",\"source\":\"push\",\"ref\":\"main\",\"sha\":\"a\",\"name\":null,"
        + "\"created_at\":\"2026-11-30T05:00:00.000Z\",\"updated_at\":\"2026-11-30T05:01:00.000Z\",\"web_url\":\"https://g/p/-/pipelines/5\"}";
    // no X-Total, no X-Total-Pages, no rel="last": only X-Next-Page says there is more
    api.enqueue(200, "[" + item + "]", "X-Next-Page", "102", "X-Page", "101", "X-Per-Page", "100");
    api.enqueue(200, "[]");

    Page<WorkflowRunChanged> page = runs.listRuns(TOKEN, REPO, Instant.parse("2026-11-01T00:00:00Z"), "101").value();

    assertThat(page.nextCursor()).isEqualTo("102");
    assertThat(page.items()).singleElement().satisfies(r -> assertThat(r.run().updatedAt()).isEqualTo(Instant.parse("2026-11-30T05:00:00Z")));
    assertThat(api.take().getUrl().queryParameter("page")).isEqualTo("101");
    assertThat(api.take().getUrl().encodedPath()).as("an unfinished pipeline is not read again, only its failed jobs")
        .isEqualTo("/api/v4/projects/1/pipelines/5/jobs");
  }

  @Test
  void follows_the_link_header_when_x_next_page_is_missing() {
    api.enqueue(200, "[]", "Link", "<" + api.server.url("/api/v4/projects/1/pipelines?page=3&per_page=100") + ">; rel=\"next\"");
    assertThat(runs.listRuns(TOKEN, REPO, Instant.EPOCH, "2").value().nextCursor()).isEqualTo("3");
  }

  @Test
  void lists_a_pipelines_jobs_as_job_hooks_decode_them() throws Exception {
    JsonNode jobHook = JSON.readTree(GitLabFixtures.bytes("job_hook.json"));
    String job = "{\"id\":" + jobHook.get("build_id") + ",\"name\":" + jobHook.get("build_name") + ",\"status\":\"success\","
        + "\"failure_reason\":null,\"finished_at\":\"2023-01-10T13:50:54.000Z\","
        + "\"web_url\":\"https://gitlab.com/jsmithy2/release-tools-fake/-/jobs/" + jobHook.get("build_id") + "\","
        + "\"pipeline\":{\"id\":" + jobHook.get("pipeline_id") + "}}";
    api.enqueue(200, "[" + job + "]");

    List<JobResult> jobs = runs.listJobs(TOKEN, REPO, jobHook.get("pipeline_id").asLong()).value();

    InboundRequest r = new InboundRequest(Headers.single("X-Gitlab-Event", "Job Hook", "X-Gitlab-Token", "t"),
        GitLabFixtures.bytes("job_hook.json"), "127.0.0.1", Instant.EPOCH);
    JobResult live = ((DomainEvent.WorkflowJobChanged) DecoderCalls.decode(new GitLabInboundDecoder(), r).meaning()).job();
    assertThat(jobs).containsExactly(live);
  }

  @Test
  void an_unknown_pipeline_is_run_not_found_and_a_gone_project_says_so() {
    api.enqueue(404, "{\"message\":\"404 Not found\"}");
    assertThat(runs.getRun(TOKEN, REPO, 9).failure().reason()).isEqualTo(FailureReason.RUN_NOT_FOUND);
    api.enqueue(404, "{\"message\":\"404 Project Not Found\"}");
    assertThat(runs.listJobs(TOKEN, REPO, 9).failure().reason()).isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
  }

  @Test
  void reads_a_project_by_id_with_its_current_path_and_archived_flag() {
    api.enqueue(200, "{\"id\":1,\"path_with_namespace\":\"new-group/renamed\",\"archived\":true,\"visibility\":\"private\","
        + "\"default_branch\":\"main\",\"permissions\":{\"project_access\":{\"access_level\":40}}}");

    ProviderRepository repo = api.client.repositoriesClient().getRepositoryById(TOKEN, 1).value();

    assertThat(repo.fullName()).isEqualTo("new-group/renamed");
    assertThat(repo.archived()).isTrue();
    assertThat(api.take().getTarget()).isEqualTo("/api/v4/projects/1");
    api.enqueue(404, "{\"message\":\"404 Project Not Found\"}");
    assertThat(api.client.repositoriesClient().getRepositoryById(TOKEN, 1).failure().reason())
        .isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
  }
}
