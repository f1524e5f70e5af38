package dev.hookkeeper.gitlab.simulator;

import java.util.List;
import java.util.Objects;

/**
 * A pipeline for {@link GitLabSimulator#firePipeline} to carry out: it finishes at once with {@code
 * status}, its jobs with theirs.
 *
 * @param status {@code success}, {@code failed}, {@code canceled}, …
 * @param source {@code push}, {@code merge_request_event}, {@code schedule}, …
 * @param name the pipeline's {@code name}; {@code null} for none (GitLab's default)
 */
public record FiredPipeline(String ref, String source, String name, String status, List<Job> jobs) {
  public FiredPipeline {
    Objects.requireNonNull(ref, "ref == null");
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(status, "status == null");
    jobs = List.copyOf(jobs);
  }

  /** @param failureReason GitLab's {@code failure_reason} of a failed job, e.g. {@code script_failure}; else {@code null} */
  public record Job(String name, String stage, String status, String failureReason) {
    public Job {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(stage, "stage == null");
      Objects.requireNonNull(status, "status == null");
    }
  }

  /** A push pipeline on {@code main} with one {@code test} job of the same outcome. */
  public static FiredPipeline ci(boolean success) {
    String status = success ? "success" : "failed";
    return new FiredPipeline("main", "push", null, status,
        List.of(new Job("test", "test", status, success ? null : "script_failure")));
  }
}
