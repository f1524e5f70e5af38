package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.port.MalformedPayloadException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hook payload bodies to domain events. Tolerant: only the fields used are read. */
final class GitLabPayloads {
  private GitLabPayloads() {}

  static DomainEvent.WorkflowRunChanged pipeline(JsonNode root) {
    JsonNode attrs = root.path("object_attributes");
    long id = requiredId(attrs, "id", "object_attributes.id");
    String webUrl = root.path("project").path("web_url").asText("");
    String url = attrs.path("url").asText("");
    if (url.isBlank()) url = webUrl + "/-/pipelines/" + id;
    List<Long> mergeRequests = new ArrayList<>();
    if (root.path("merge_request").path("iid").canConvertToLong()) {
      mergeRequests.add(root.path("merge_request").path("iid").asLong());
    }
    RunSnapshot run = run(id, attrs, url, mergeRequests);
    List<JobResult> failed = new ArrayList<>();
    JsonNode builds = root.path("builds").isArray() ? root.path("builds") : root.path("jobs");
    for (JsonNode b : builds) {
      long jobId = b.path("id").asLong(0);
      failed.addAll(failedJob(b, jobId, id, webUrl + "/-/jobs/" + jobId));
    }
    return new DomainEvent.WorkflowRunChanged(run, byJobId(failed));
  }

  /**
   * A pipeline as the core sees it, from a Pipeline Hook's {@code object_attributes} or the
   * pipelines API's pipeline (the same field names), so a pipeline caught up equals the live one.
   *
   * @param mergeRequests the Pipeline Hook's {@code merge_request.iid}; else read from a merge
   *     request pipeline's ref {@code refs/merge-requests/<iid>/head}
   */
  static RunSnapshot run(long id, JsonNode attrs, String url, List<Long> mergeRequests) {
    String source = attrs.path("source").asText("");
    String name = attrs.path("name").asText("");
    // Decision 6: incidents group by the pipeline name when set, else by its source.
    String key = !name.isBlank() ? name : !source.isBlank() ? source : "pipeline";
    Instant created = GitLabTime.seconds(attrs.path("created_at").asText(null));
    if (created == null) throw new MalformedPayloadException("pipeline without a readable created_at");
    Instant finished = GitLabTime.seconds(attrs.path("finished_at").asText(null));
    GitLabRunState state = GitLabRunState.of(required(attrs, "status", "pipeline status"));
    String ref = attrs.path("ref").asText("");
    List<Long> requests = new ArrayList<>(mergeRequests);
    java.util.regex.Matcher mr = MERGE_REQUEST_REF.matcher(ref);
    if (requests.isEmpty() && mr.matches()) requests.add(Long.parseLong(mr.group(1)));
    return new RunSnapshot(
        id,
        1, // GitLab retries jobs inside the same pipeline id; there is no run attempt.
        key,
        key,
        attrs.path("iid").asLong(0),
        ref,
        attrs.path("sha").asText(""),
        state.status(),
        state.conclusion(),
        url,
        source.isBlank() ? "unknown" : source,
        created,
        finished != null ? finished : created,
        requests);
  }

  private static final java.util.regex.Pattern MERGE_REQUEST_REF =
      java.util.regex.Pattern.compile("refs/merge-requests/([0-9]{1,18})/(?:head|merge|train)");

  /**
   * A failed build of a Pipeline Hook's {@code builds[]}, or a failed job of the jobs API (the same
   * field names), for the incident's detail; nothing for a job that did not fail.
   */
  static List<JobResult> failedJob(JsonNode b, long jobId, long pipelineId, String url) {
    if (!"failed".equals(b.path("status").asText())) return List.of();
    return List.of(new JobResult(jobId, pipelineId, 1, b.path("name").asText(""), RunStatus.COMPLETED,
        RunConclusion.FAILURE, textOrNull(b, "failure_reason"), List.of(), url,
        GitLabTime.seconds(b.path("finished_at").asText(null))));
  }

  /** Jobs in one order whatever order GitLab listed them in, so two readings of a pipeline compare equal. */
  static List<JobResult> byJobId(List<JobResult> jobs) {
    List<JobResult> sorted = new ArrayList<>(jobs);
    sorted.sort(java.util.Comparator.comparingLong(JobResult::jobId));
    return sorted;
  }

  /** Job Hook: {@code object_kind: "build"} with {@code build_*} keys; {@code commit.id} is the pipeline id. */
  static DomainEvent.WorkflowJobChanged job(JsonNode root) {
    long jobId = requiredId(root, "build_id", "build_id");
    GitLabRunState state = GitLabRunState.of(required(root, "build_status", "build_status"));
    boolean completed = state.status() == RunStatus.COMPLETED;
    long pipelineId = root.path("pipeline_id").asLong(root.path("commit").path("id").asLong(0));
    String webUrl = root.path("project").path("web_url").asText(root.path("repository").path("homepage").asText(""));
    JobResult job = new JobResult(
        jobId,
        pipelineId,
        1,
        root.path("build_name").asText(""),
        state.status(),
        state.conclusion(),
        // GitLab fills build_failure_reason even for successful jobs ("unknown_failure"); only a failure has one.
        state.conclusion() == RunConclusion.FAILURE ? textOrNull(root, "build_failure_reason") : null,
        List.of(),
        webUrl + "/-/jobs/" + jobId,
        completed ? GitLabTime.seconds(root.path("build_finished_at").asText(null)) : null);
    return new DomainEvent.WorkflowJobChanged(job);
  }

  static DomainEvent.PullRequestChanged mergeRequest(JsonNode root) {
    JsonNode attrs = root.path("object_attributes");
    long iid = requiredId(attrs, "iid", "object_attributes.iid");
    String state = attrs.path("state").asText("");
    return new DomainEvent.PullRequestChanged(
        attrs.path("action").asText(state),
        iid,
        attrs.path("title").asText(""),
        state,
        "merged".equals(state),
        root.path("user").path("username").asText(""),
        attrs.path("source_branch").asText(""),
        attrs.path("url").asText(""));
  }

  static DomainEvent.Pushed push(JsonNode root, boolean tag) {
    String ref = required(root, "ref", "ref");
    // commits[] holds at most 20; total_commits_count is the real number.
    int count = root.path("total_commits_count").asInt(root.path("commits").size());
    String pusher = root.path("user_username").asText("");
    if (pusher.isBlank()) pusher = root.path("user_name").asText("");
    return new DomainEvent.Pushed(ref, root.path("before").asText(""), root.path("after").asText(""), count, pusher, tag);
  }

  /**
   * The project the payload names: {@code project.id} + {@code path_with_namespace}. Job Hooks may
   * carry only {@code project_id}; their path then comes from {@code repository.homepage}.
   */
  static ProviderRepoRef repository(JsonNode root) {
    JsonNode project = root.path("project");
    long id = project.path("id").asLong(root.path("project_id").asLong(0));
    if (id <= 0) return null;
    String path = project.path("path_with_namespace").asText("");
    if (path.isBlank()) path = pathOf(root.path("repository").path("homepage").asText(""));
    if (path.isBlank()) path = root.path("project_name").asText("");
    return new ProviderRepoRef(id, path);
  }

  private static String pathOf(String homepage) {
    int scheme = homepage.indexOf("://");
    if (scheme < 0) return "";
    int slash = homepage.indexOf('/', scheme + 3);
    return slash < 0 ? "" : homepage.substring(slash + 1);
  }

  private static long requiredId(JsonNode node, String field, String label) {
    JsonNode v = node.path(field);
    if (!v.canConvertToLong() || v.asLong() <= 0) {
      throw new MalformedPayloadException("missing or invalid " + label);
    }
    return v.asLong();
  }

  private static String required(JsonNode node, String field, String label) {
    JsonNode v = node.path(field);
    if (!v.isTextual() || v.asText().isBlank()) throw new MalformedPayloadException("missing " + label);
    return v.asText();
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }
}
