package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunStatus;
import java.util.Locale;

/** A pipeline or job status ({@code status}, {@code build_status}) in the core's terms. */
record GitLabRunState(RunStatus status, RunConclusion conclusion) {

  static GitLabRunState of(String gitlabStatus) {
    switch (gitlabStatus == null ? "" : gitlabStatus.toLowerCase(Locale.ROOT)) {
      case "success":
        return completed(RunConclusion.SUCCESS);
      case "failed":
        return completed(RunConclusion.FAILURE);
      case "canceled":
      case "cancelled":
        return completed(RunConclusion.CANCELLED);
      case "skipped":
        return completed(RunConclusion.SKIPPED);
      case "running":
      case "canceling":
        return new GitLabRunState(RunStatus.IN_PROGRESS, RunConclusion.NONE);
      // Blocked on a person or a timer rather than on a runner.
      case "manual":
      case "scheduled":
      case "waiting_for_callback":
        return new GitLabRunState(RunStatus.WAITING, RunConclusion.NONE);
      // created, pending, preparing, waiting_for_resource, and any status GitLab adds later:
      // the lowest live rank, so an unknown value never overrides known state.
      default:
        return new GitLabRunState(RunStatus.QUEUED, RunConclusion.NONE);
    }
  }

  private static GitLabRunState completed(RunConclusion conclusion) {
    return new GitLabRunState(RunStatus.COMPLETED, conclusion);
  }
}
