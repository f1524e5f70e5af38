package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Points at one run attempt, e.g. the run that resolved an incident. Runs of one workflow on one
 * branch are ordered by {@code runNumber}, then {@code attempt}: a re-run keeps its run number and
 * gets the next attempt.
 */
public record RunRef(long providerRunId, int attempt, long runNumber, String url, Instant runCreatedAt) {
  public RunRef {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(runCreatedAt, "runCreatedAt == null");
  }

  public static RunRef of(RunSnapshot run) {
    return new RunRef(run.providerRunId(), run.attempt(), run.runNumber(), run.url(), run.runCreatedAt());
  }
}
