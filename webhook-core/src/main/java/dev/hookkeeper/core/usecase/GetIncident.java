package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One of the user's incidents with the failed jobs of its runs. */
public final class GetIncident {
  private final Ports ports;

  public GetIncident(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  public Optional<IncidentDetails> get(UserId userId, IncidentId id) {
    return ports.incidents().find(userId, id).map(incident -> {
      List<JobResult> failed = new ArrayList<>();
      for (IncidentOccurrence o : incident.occurrences()) {
        ports.runs().jobs(incident.repositoryId(), o.providerRunId(), o.attempt()).stream()
            .filter(j -> j.conclusion().isFailure())
            .forEach(failed::add);
      }
      return new IncidentDetails(incident, ports.repositories().find(incident.repositoryId()).orElseThrow(), failed);
    });
  }
}
