package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipelines and jobs API's answers (provider-facts 4.4) in the core's terms, through the very
 * functions that decode Pipeline Hooks and Job Hooks, so a pipeline caught up equals the live one.
 */
final class GitLabPipelineJson {
  private GitLabPipelineJson() {}

  /**
   * @param pipeline {@code GET /projects/:id/pipelines/:pipeline_id} (or a list item of an
   *     unfinished pipeline, which has every field the mapping reads)
   * @param jobs the pipeline's jobs; only the failed ones are kept, as a Pipeline Hook's {@code builds[]}
   */
  static WorkflowRunChanged pipeline(JsonNode pipeline, JsonNode jobs) {
    long id = pipeline.path("id").asLong(0);
    List<JobResult> failed = new ArrayList<>();
    for (JsonNode job : jobs) failed.addAll(GitLabPayloads.failedJob(job, job.path("id").asLong(0), id, job.path("web_url").asText("")));
    return new WorkflowRunChanged(GitLabPayloads.run(id, pipeline, pipeline.path("web_url").asText(""), List.of()),
        GitLabPayloads.byJobId(failed));
  }

  /** One job of {@code GET …/pipelines/:id/jobs}, as a Job Hook of its state decodes. */
  static JobResult job(JsonNode job) {
    GitLabRunState state = GitLabRunState.of(job.path("status").asText(""));
    boolean completed = state.status() == RunStatus.COMPLETED;
    String failureReason = job.path("failure_reason").isTextual() && !job.path("failure_reason").asText().isBlank()
        ? job.path("failure_reason").asText() : null;
    return new JobResult(
        job.path("id").asLong(0),
        job.path("pipeline").path("id").asLong(0),
        1,
        job.path("name").asText(""),
        state.status(),
        state.conclusion(),
        state.conclusion() == RunConclusion.FAILURE ? failureReason : null,
        List.of(),
        job.path("web_url").asText(""),
        completed ? GitLabTime.seconds(job.path("finished_at").asText(null)) : null);
  }

  /** Whether the pipeline has finished: only then does its run carry {@code finished_at}, which list items lack. */
  static boolean finished(JsonNode pipeline) {
    return GitLabRunState.of(pipeline.path("status").asText("")).status() == RunStatus.COMPLETED;
  }

}
