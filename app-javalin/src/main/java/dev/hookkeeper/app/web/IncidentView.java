package dev.hookkeeper.app.web;

import java.util.List;

/** An incident: what failed where, each failed run (occurrence) and the failed jobs, with links to the provider. */
public record IncidentView(Chrome chrome, String heading, String repository, String repositoryId, String providerName,
    StatusLabel status, String opened, String resolved, String resolvedByUrl, List<Occurrence> occurrences,
    List<Job> jobs) {

  public record Occurrence(long runNumber, int attempt, String sha, String url, String conclusion, String at) {}

  /** @param failedSteps {@code ""} when unknown */
  public record Job(String name, String conclusion, String failedSteps, String failureReason, String url) {}
}
