package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Failures of one workflow on one branch, for one connection. At most one is open per
 * (connection, workflow, branch); further failures add occurrences; the next successful run of
 * that workflow on that branch resolves it.
 *
 * @param resolvedAt {@code null} while open
 * @param resolvedBy the run that resolved it; {@code null} while open
 * @param occurrences oldest first
 */
public record Incident(
    IncidentId id,
    UserId userId,
    ConnectionId connectionId,
    RepositoryId repositoryId,
    String workflowKey,
    String workflowName,
    String branch,
    IncidentStatus status,
    Instant openedAt,
    Instant resolvedAt,
    RunRef resolvedBy,
    List<IncidentOccurrence> occurrences) {
  public Incident {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(connectionId, "connectionId == null");
    Objects.requireNonNull(repositoryId, "repositoryId == null");
    Objects.requireNonNull(workflowKey, "workflowKey == null");
    Objects.requireNonNull(workflowName, "workflowName == null");
    Objects.requireNonNull(branch, "branch == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(openedAt, "openedAt == null");
    occurrences = List.copyOf(occurrences);
  }
}
