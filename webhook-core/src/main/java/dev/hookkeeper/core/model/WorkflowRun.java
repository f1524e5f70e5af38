package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/** The newest known state of one attempt of a run, keyed by (repository, run id, attempt). */
public record WorkflowRun(RepositoryId repositoryId, Provider provider, RunSnapshot snapshot, Instant recordedAt) {
  public WorkflowRun {
    Objects.requireNonNull(repositoryId, "repositoryId == null");
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(snapshot, "snapshot == null");
    Objects.requireNonNull(recordedAt, "recordedAt == null");
  }

  /**
   * Whether {@code candidate} is newer state than {@code current} for the same run attempt: a
   * higher status rank wins; at equal rank, a strictly later provider timestamp wins. An equal
   * state (a redelivery) is not newer, so it has no second effect.
   */
  public static boolean supersedes(RunSnapshot candidate, RunSnapshot current) {
    int byRank = Integer.compare(candidate.status().rank(), current.status().rank());
    if (byRank != 0) return byRank > 0;
    return candidate.updatedAt().isAfter(current.updatedAt());
  }
}
