package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/** Points at one run attempt, e.g. the run that resolved an incident. */
public record RunRef(long providerRunId, int attempt, String url, Instant runCreatedAt) {
  public RunRef {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(runCreatedAt, "runCreatedAt == null");
  }

  public static RunRef of(RunSnapshot run) {
    return new RunRef(run.providerRunId(), run.attempt(), run.url(), run.runCreatedAt());
  }
}
