package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.IncidentStore;
import dev.hookkeeper.core.port.RepositoryStore;
import dev.hookkeeper.core.port.WorkflowRunStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One of the user's incidents with the failed jobs of its runs. */
public final class GetIncident {
  private final RepositoryStore repositories;
  private final WorkflowRunStore runs;
  private final IncidentStore incidents;

  public GetIncident(RepositoryStore repositories, WorkflowRunStore runs, IncidentStore incidents) {
    this.repositories = Objects.requireNonNull(repositories, "repositories == null");
    this.runs = Objects.requireNonNull(runs, "runs == null");
    this.incidents = Objects.requireNonNull(incidents, "incidents == null");
  }

  public Optional<IncidentDetails> get(UserId userId, IncidentId id) {
    return incidents
        .find(userId, id)
        .map(
            incident -> {
              List<JobResult> failed = new ArrayList<>();
              for (IncidentOccurrence o : incident.occurrences()) {
                runs.jobs(incident.repositoryId(), o.providerRunId(), o.attempt()).stream()
                    .filter(j -> j.conclusion().isFailure())
                    .forEach(failed::add);
              }
              return new IncidentDetails(
                  incident, repositories.find(incident.repositoryId()).orElseThrow(), failed);
            });
  }
}
