package dev.hookkeeper.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What a verified delivery means, independent of the provider that sent it. Java 17 has no
 * pattern switch, so consumers use an {@code instanceof} chain ending in {@code AssertionError}.
 */
public sealed interface DomainEvent {

  /** A workflow run (GitHub) or pipeline (GitLab) changed state. */
  record WorkflowRunChanged(RunSnapshot run, List<JobResult> jobs) implements DomainEvent {
    public WorkflowRunChanged {
      Objects.requireNonNull(run, "run == null");
      jobs = List.copyOf(jobs);
    }
  }

  /** A job of a run changed state (GitHub {@code workflow_job}, GitLab Job Hook). */
  record WorkflowJobChanged(JobResult job) implements DomainEvent {
    public WorkflowJobChanged {
      Objects.requireNonNull(job, "job == null");
    }
  }

  /** GitHub {@code check_run} completed. */
  record CheckRunCompleted(long checkRunId, String name, String conclusion, String headSha, String url)
      implements DomainEvent {}

  /** A pull request (GitHub) or merge request (GitLab) changed. */
  record PullRequestChanged(
      String action, long number, String title, String state, boolean merged, String author,
      String headRef, String url) implements DomainEvent {}

  /** Commits or a tag were pushed. */
  record Pushed(String ref, String before, String after, int commitCount, String pusher, boolean tag)
      implements DomainEvent {}

  /** The provider checks the hook works (GitHub {@code ping}). */
  record Ping(String providerHookId, String zen) implements DomainEvent {}

  /** The hook was deleted at the provider (GitHub {@code meta} deleted). */
  record HookDeleted(String providerHookId) implements DomainEvent {}

  /** The repository was renamed or transferred: its full name changed, its id did not. */
  record RepositoryRenamed(long providerRepoId, String newFullName, String action)
      implements DomainEvent {
    public RepositoryRenamed {
      Objects.requireNonNull(newFullName, "newFullName == null");
    }
  }

  /** Authentic but not something Hookkeeper acts on; stored, not dropped. */
  record UnknownEvent(String event) implements DomainEvent {
    public UnknownEvent {
      Objects.requireNonNull(event, "event == null");
    }
  }
}
