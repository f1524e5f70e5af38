package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/** One failed run attempt counted against an incident. Unique per (incident, run, attempt). */
public record IncidentOccurrence(
    long providerRunId,
    int attempt,
    long runNumber,
    String sha,
    String url,
    RunConclusion conclusion,
    Instant runCreatedAt,
    Instant occurredAt) {
  public IncidentOccurrence {
    Objects.requireNonNull(sha, "sha == null");
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(conclusion, "conclusion == null");
    Objects.requireNonNull(runCreatedAt, "runCreatedAt == null");
    Objects.requireNonNull(occurredAt, "occurredAt == null");
  }

  public static IncidentOccurrence of(RunSnapshot run, Instant at) {
    return new IncidentOccurrence(run.providerRunId(), run.attempt(), run.runNumber(), run.sha(),
        run.url(), run.conclusion(), run.runCreatedAt(), at);
  }
}
