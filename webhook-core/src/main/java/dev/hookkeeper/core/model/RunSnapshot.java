package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A workflow run (GitHub) or pipeline (GitLab) as one event describes it.
 *
 * @param attempt GitHub {@code run_attempt}; 1 for GitLab (a retried pipeline keeps its id)
 * @param workflowKey what incidents group by: GitHub {@code workflow_id}; GitLab the pipeline
 *     {@code name} when set, else its {@code source}
 * @param updatedAt the provider's own timestamp of this state (GitHub {@code updated_at}; GitLab
 *     {@code finished_at}, else {@code created_at}); orders events of equal rank
 * @param runCreatedAt when the run was created; an incident resolves only on a run created no
 *     earlier than its latest failure
 * @param url the run's page
 * @param triggerEvent what started the run ({@code push}, {@code pull_request}; GitLab source)
 * @param pullRequests numbers of the pull/merge requests the run belongs to
 */
public record RunSnapshot(
    long providerRunId,
    int attempt,
    String workflowKey,
    String workflowName,
    long runNumber,
    String branch,
    String sha,
    RunStatus status,
    RunConclusion conclusion,
    String url,
    String triggerEvent,
    Instant runCreatedAt,
    Instant updatedAt,
    List<Long> pullRequests) {
  public RunSnapshot {
    Objects.requireNonNull(workflowKey, "workflowKey == null");
    Objects.requireNonNull(workflowName, "workflowName == null");
    Objects.requireNonNull(branch, "branch == null");
    Objects.requireNonNull(sha, "sha == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(conclusion, "conclusion == null");
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(triggerEvent, "triggerEvent == null");
    Objects.requireNonNull(runCreatedAt, "runCreatedAt == null");
    Objects.requireNonNull(updatedAt, "updatedAt == null");
    pullRequests = List.copyOf(pullRequests);
    if (attempt < 1) throw new IllegalArgumentException("'attempt' must be at least 1");
  }

  public boolean isCompletedFailure() {
    return status == RunStatus.COMPLETED && conclusion.isFailure();
  }

  public boolean isCompletedSuccess() {
    return status == RunStatus.COMPLETED && conclusion == RunConclusion.SUCCESS;
  }
}
