package dev.hookkeeper.github.simulator;

import java.util.List;
import java.util.Objects;

/**
 * A workflow run for {@link GitHubSimulator#fireWorkflowRun} to carry out: it completes at once with
 * {@code conclusion}, its jobs with theirs.
 *
 * @param workflow the workflow's name, e.g. {@code CI}; one workflow id per name and repository
 * @param event what triggered it, e.g. {@code push}
 * @param conclusion {@code success}, {@code failure}, {@code cancelled}, {@code timed_out}, …
 */
public record FiredRun(String workflow, String branch, String event, String conclusion, List<Job> jobs) {
  public FiredRun {
    Objects.requireNonNull(workflow, "workflow == null");
    Objects.requireNonNull(branch, "branch == null");
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(conclusion, "conclusion == null");
    jobs = List.copyOf(jobs);
  }

  /** @param failingStep the step that carries the job's conclusion (the others succeed) */
  public record Job(String name, String conclusion, String failingStep) {
    public Job {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(conclusion, "conclusion == null");
      Objects.requireNonNull(failingStep, "failingStep == null");
    }
  }

  /** Workflow "CI" on {@code main} after a push, with one job "build" of the same outcome. */
  public static FiredRun ci(boolean success) {
    String conclusion = success ? "success" : "failure";
    return new FiredRun("CI", "main", "push", conclusion, List.of(new Job("build", conclusion, "Run tests")));
  }
}
