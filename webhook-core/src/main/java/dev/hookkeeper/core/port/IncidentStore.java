package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.RunRef;
import dev.hookkeeper.core.model.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Incidents: at most one open per (connection, workflow, branch), with their occurrences. */
public interface IncidentStore {

  /**
   * Opens an incident with {@code newId} for the failure, or adds the occurrence to the open one.
   * An occurrence already recorded for the same (run, attempt) changes nothing. Race-free.
   */
  FailureRecorded recordFailure(NewFailure failure);

  /**
   * {@link #recordFailure}, for callers that only act on an incident being opened: returns the
   * incident when this failure opened it, empty when it was added to the open one or already
   * recorded. A store may then skip reading back a long-failing incident's every occurrence. The
   * default delegates to {@link #recordFailure}.
   */
  default Optional<Incident> recordFailureAndGetOpened(NewFailure failure) {
    FailureRecorded recorded = recordFailure(failure);
    return recorded.outcome() == Outcome.OPENED ? Optional.of(recorded.incident()) : Optional.empty();
  }

  /**
   * Resolves the open incident of (connection, workflow, branch), if any, when {@code resolvedBy}
   * was created no earlier than its latest occurrence's run (an old success arriving late resolves
   * nothing).
   */
  Optional<Incident> resolve(ConnectionId connectionId, String workflowKey, String branch, RunRef resolvedBy, Instant at);

  /**
   * A failure that arrived after the success that followed it ({@code resolvedBy}: the first
   * completed success after it in run order), placed where it would have gone in order: into the
   * group's incident that run resolved, or, when that run resolved none, into a new incident that
   * it resolves at once (never into the open incident of failures that came after that success).
   * A (run, attempt) the group already counted changes nothing. Returns the new incident, resolved,
   * when this opened one; empty otherwise. Race-free.
   */
  Optional<Incident> recordLateFailure(NewFailure failure, RunRef resolvedBy);

  /** The user's incidents, newest first; {@code status} {@code null} for both. */
  Page<Incident> listByUser(UserId userId, IncidentStatus status, PageRequest page);

  /** The user's incident; empty for another user's. */
  Optional<Incident> find(UserId userId, IncidentId id);

  /**
   * Deletes the connection's incidents with their occurrences (they are a view of that
   * connection and go with it); returns how many incidents were deleted.
   */
  int deleteByConnection(ConnectionId connectionId);

  record NewFailure(
      IncidentId newId,
      UserId userId,
      ConnectionId connectionId,
      RepositoryId repositoryId,
      String workflowKey,
      String workflowName,
      String branch,
      IncidentOccurrence occurrence,
      Instant at) {
    public NewFailure {
      Objects.requireNonNull(newId, "newId == null");
      Objects.requireNonNull(userId, "userId == null");
      Objects.requireNonNull(connectionId, "connectionId == null");
      Objects.requireNonNull(repositoryId, "repositoryId == null");
      Objects.requireNonNull(workflowKey, "workflowKey == null");
      Objects.requireNonNull(workflowName, "workflowName == null");
      Objects.requireNonNull(branch, "branch == null");
      Objects.requireNonNull(occurrence, "occurrence == null");
      Objects.requireNonNull(at, "at == null");
    }
  }

  record FailureRecorded(Outcome outcome, Incident incident) {
    public FailureRecorded {
      Objects.requireNonNull(outcome, "outcome == null");
      Objects.requireNonNull(incident, "incident == null");
    }
  }

  enum Outcome {
    OPENED,
    OCCURRENCE_ADDED,
    ALREADY_RECORDED
  }
}
