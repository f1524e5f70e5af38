package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One job of a run (GitHub {@code workflow_job}, GitLab build), kept for incident detail.
 *
 * @param failureReason GitLab {@code failure_reason}; {@code null} where none
 * @param failedSteps names of the failed steps (GitHub); empty where unknown
 * @param completedAt {@code null} while running
 */
public record JobResult(
    long jobId,
    long providerRunId,
    int runAttempt,
    String name,
    RunStatus status,
    RunConclusion conclusion,
    String failureReason,
    List<String> failedSteps,
    String url,
    Instant completedAt) {
  public JobResult {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(conclusion, "conclusion == null");
    Objects.requireNonNull(url, "url == null");
    failedSteps = List.copyOf(failedSteps);
  }
}
