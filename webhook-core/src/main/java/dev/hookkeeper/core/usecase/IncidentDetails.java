package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Repository;
import java.util.List;
import java.util.Objects;

/** An incident with its repository and the failed jobs of its occurrences' runs. */
public record IncidentDetails(Incident incident, Repository repository, List<JobResult> failedJobs) {
  public IncidentDetails {
    Objects.requireNonNull(incident, "incident == null");
    Objects.requireNonNull(repository, "repository == null");
    failedJobs = List.copyOf(failedJobs);
  }
}
