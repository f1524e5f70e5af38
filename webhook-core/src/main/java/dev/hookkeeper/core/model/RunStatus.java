package dev.hookkeeper.core.model;

import java.util.Locale;

/**
 * Where a workflow run (GitHub) or pipeline (GitLab) is in its life. The {@link #rank()} orders
 * states so that run state never goes backwards: an {@code in_progress} arriving after
 * {@code completed} is stale.
 */
public enum RunStatus {
  REQUESTED(0),
  QUEUED(1),
  WAITING(1),
  IN_PROGRESS(2),
  COMPLETED(3);

  private final int rank;

  RunStatus(int rank) {
    this.rank = rank;
  }

  public int rank() {
    return rank;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
