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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Incidents: at most one open per group (connection, workflow, branch), with their occurrences.
 *
 * <p>The rule, for every implementation: the group's incident is open exactly while the newest
 * completed run of the group, ordered by run number and then attempt, failed (at an equal run
 * number and attempt a success wins). Runs arrive out of order and more than once (redeliveries,
 * replays of the stored log), so the store keeps, per group, the newest success it was told of and
 * the newest failure of the open incident, and judges every run against them: the outcome of any
 * set of runs does not depend on the order they arrive in, and applying a run again changes
 * nothing. An older failure is recorded on its run (the run store's business) and here opens
 * nothing and reopens nothing.
 */
public interface IncidentStore {

  /**
   * Judges a failed run attempt: older than (or the same as) the newest success of its group, it is
   * {@link Outcome#SUPERSEDED} and changes nothing; otherwise it opens an incident with {@code
   * newId}, or is added to the open one (also when older than that incident's newest failure). An
   * occurrence already recorded for the same (run, attempt) changes nothing. Race-free.
   */
  FailureRecorded recordFailure(NewFailure failure);

  /**
   * {@link #recordFailure}, for callers that only act on an incident being opened: returns the
   * incident when this failure opened it, empty otherwise. A store may then skip reading back a
   * long-failing incident's every occurrence. The default delegates to {@link #recordFailure}.
   */
  default Optional<Incident> recordFailureAndGetOpened(NewFailure failure) {
    FailureRecorded recorded = recordFailure(failure);
    return recorded.outcome() == Outcome.OPENED
        ? Optional.of(recorded.incident())
        : Optional.empty();
  }

  /**
   * {@link #recordFailureAndGetOpened} for each failure, in list order, as one call: element {@code
   * i} of the answer is what failure {@code i} would have answered, recorded after the ones before
   * it (a later failure of a group an earlier one opened is added to that incident). A store may do
   * it in fewer round trips than one per failure; the default calls {@link
   * #recordFailureAndGetOpened} for each.
   */
  default List<Optional<Incident>> recordFailuresAndGetOpened(List<NewFailure> failures) {
    List<Optional<Incident>> opened = new ArrayList<>(failures.size());
    for (NewFailure failure : failures) opened.add(recordFailureAndGetOpened(failure));
    return opened;
  }

  /**
   * Records a successful run attempt of the group and resolves the open incident, if any, when
   * {@code resolvedBy} is no older (by run number, then attempt) than that incident's newest
   * failure: an old success arriving late resolves nothing, and it is remembered, so that a failure
   * older than it, arriving later still, opens nothing. Returns the incident this call resolved; a
   * success already applied returns empty. Race-free.
   */
  Optional<Incident> resolve(
      ConnectionId connectionId, String workflowKey, String branch, RunRef resolvedBy, Instant at);

  /** The user's incidents, newest first; {@code status} {@code null} for both. */
  Page<Incident> listByUser(UserId userId, IncidentStatus status, PageRequest page);

  /** The user's incident; empty for another user's. */
  Optional<Incident> find(UserId userId, IncidentId id);

  /**
   * Deletes the connection's incidents with their occurrences (they are a view of that connection
   * and go with it); returns how many incidents were deleted.
   */
  int deleteByConnection(ConnectionId connectionId);

  /**
   * Retention: forgets at most {@code batchSize} groups with no open incident that nothing changed
   * since before {@code cutoff}, and returns how many. Their incidents stay; a failure of such a
   * group is then judged as in a new group (a run older than the retention period is not expected
   * to arrive any more).
   */
  int purgeIdleGroupsBefore(Instant cutoff, int batchSize);

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

  /**
   * @param incident the incident the failure is counted in; {@code null} only when SUPERSEDED
   */
  record FailureRecorded(Outcome outcome, Incident incident) {
    public FailureRecorded {
      Objects.requireNonNull(outcome, "outcome == null");
      if ((incident == null) != (outcome == Outcome.SUPERSEDED)) {
        throw new IllegalArgumentException(
            "an incident is required unless the failure is superseded");
      }
    }
  }

  enum Outcome {
    OPENED,
    OCCURRENCE_ADDED,
    ALREADY_RECORDED,
    /** Older than the newest success of its group: counted in no incident. */
    SUPERSEDED
  }
}
