package dev.hookkeeper.core.testkit;

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
import dev.hookkeeper.core.port.IncidentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * At most one open incident per group (connection, workflow, branch), open exactly while the
 * group's newest run (by run number, then attempt) failed. Per group the store keeps the newest
 * success it was told of and the open incident with its newest failure, and judges each run
 * against them, so arrival order and repeats do not change the outcome.
 */
public final class InMemoryIncidentStore implements IncidentStore, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final Map<IncidentId, Incident> byId = new HashMap<>();
  private final Map<GroupKey, Group> groups = new HashMap<>();

  public InMemoryIncidentStore() {
    this(new Object());
  }

  public InMemoryIncidentStore(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  @Override
  public FailureRecorded recordFailure(NewFailure f) {
    Objects.requireNonNull(f, "failure == null");
    RunOrder run = new RunOrder(f.occurrence().runNumber(), f.occurrence().attempt());
    synchronized (lock) {
      GroupKey key = new GroupKey(f.connectionId(), f.workflowKey(), f.branch());
      Group group = groups.getOrDefault(key, Group.EMPTY);
      if (group.newestSuccess() != null && run.compareTo(group.newestSuccess()) <= 0) {
        return new FailureRecorded(Outcome.SUPERSEDED, null);
      }
      if (group.openIncident() == null) {
        Incident opened = new Incident(f.newId(), f.userId(), f.connectionId(), f.repositoryId(), f.workflowKey(),
            f.workflowName(), f.branch(), IncidentStatus.OPEN, f.at(), null, null, List.of(f.occurrence()));
        byId.put(opened.id(), opened);
        groups.put(key, new Group(group.newestSuccess(), opened.id(), run, f.at()));
        return new FailureRecorded(Outcome.OPENED, opened);
      }
      Incident open = byId.get(group.openIncident());
      if (open.occurrences().stream().anyMatch(o -> sameRun(o, f.occurrence()))) {
        return new FailureRecorded(Outcome.ALREADY_RECORDED, open);
      }
      List<IncidentOccurrence> occurrences = new ArrayList<>(open.occurrences());
      occurrences.add(f.occurrence());
      occurrences.sort(Comparator.comparing(IncidentOccurrence::runCreatedAt)
          .thenComparing(IncidentOccurrence::occurredAt));
      Incident added = new Incident(open.id(), open.userId(), open.connectionId(), open.repositoryId(),
          open.workflowKey(), open.workflowName(), open.branch(), open.status(), open.openedAt(), null, null,
          occurrences);
      byId.put(added.id(), added);
      if (run.compareTo(group.newestFailure()) > 0) {
        groups.put(key, new Group(group.newestSuccess(), open.id(), run, f.at()));
      }
      return new FailureRecorded(Outcome.OCCURRENCE_ADDED, added);
    }
  }

  @Override
  public Optional<Incident> resolve(
      ConnectionId connectionId, String workflowKey, String branch, RunRef resolvedBy, Instant at) {
    Objects.requireNonNull(resolvedBy, "resolvedBy == null");
    Objects.requireNonNull(at, "at == null");
    RunOrder run = new RunOrder(resolvedBy.runNumber(), resolvedBy.attempt());
    synchronized (lock) {
      GroupKey key = new GroupKey(connectionId, workflowKey, branch);
      Group group = groups.getOrDefault(key, Group.EMPTY);
      if (group.newestSuccess() != null && run.compareTo(group.newestSuccess()) <= 0) return Optional.empty();
      if (group.openIncident() == null || run.compareTo(group.newestFailure()) < 0) {
        groups.put(key, new Group(run, group.openIncident(), group.newestFailure(), at));
        return Optional.empty();
      }
      Incident i = byId.get(group.openIncident());
      Incident resolved = new Incident(i.id(), i.userId(), i.connectionId(), i.repositoryId(), i.workflowKey(),
          i.workflowName(), i.branch(), IncidentStatus.RESOLVED, i.openedAt(), at, resolvedBy, i.occurrences());
      byId.put(resolved.id(), resolved);
      groups.put(key, new Group(run, null, null, at));
      return Optional.of(resolved);
    }
  }

  @Override
  public Page<Incident> listByUser(UserId userId, IncidentStatus status, PageRequest page) {
    synchronized (lock) {
      List<Incident> mine = byId.values().stream()
          .filter(i -> i.userId().equals(userId) && (status == null || i.status() == status))
          .toList();
      return Paging.newestFirst(mine, i -> new Paging.Key(i.openedAt(), i.id().value()), page);
    }
  }

  @Override
  public Optional<Incident> find(UserId userId, IncidentId id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id)).filter(i -> i.userId().equals(userId));
    }
  }

  @Override
  public int deleteByConnection(ConnectionId connectionId) {
    Objects.requireNonNull(connectionId, "connectionId == null");
    synchronized (lock) {
      int before = byId.size();
      groups.keySet().removeIf(g -> g.connectionId().equals(connectionId));
      byId.values().removeIf(i -> i.connectionId().equals(connectionId));
      return before - byId.size();
    }
  }

  @Override
  public int purgeIdleGroupsBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be positive");
    synchronized (lock) {
      List<GroupKey> idle = groups.entrySet().stream()
          .filter(e -> e.getValue().openIncident() == null && e.getValue().changedAt().isBefore(cutoff))
          .limit(batchSize)
          .map(Map.Entry::getKey)
          .toList();
      idle.forEach(groups::remove);
      return idle.size();
    }
  }

  /** Whether an incident counts the run attempt as an occurrence or was resolved by it. */
  public boolean references(RepositoryId repositoryId, long providerRunId, int attempt) {
    synchronized (lock) {
      return byId.values().stream().filter(i -> i.repositoryId().equals(repositoryId)).anyMatch(i ->
          i.occurrences().stream().anyMatch(o -> o.providerRunId() == providerRunId && o.attempt() == attempt)
              || (i.resolvedBy() != null && i.resolvedBy().providerRunId() == providerRunId
                  && i.resolvedBy().attempt() == attempt));
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.all(Checkpoints.of(byId), Checkpoints.of(groups));
  }

  private static boolean sameRun(IncidentOccurrence a, IncidentOccurrence b) {
    return a.providerRunId() == b.providerRunId() && a.attempt() == b.attempt();
  }

  private record GroupKey(ConnectionId connectionId, String workflowKey, String branch) {}

  /**
   * What the store knows of a group. {@code newestFailure} is the newest failure counted in the
   * open incident; both it and {@code openIncident} are null while none is open. {@code changedAt}
   * is the time of the last change, for retention.
   */
  private record Group(RunOrder newestSuccess, IncidentId openIncident, RunOrder newestFailure, Instant changedAt) {
    static final Group EMPTY = new Group(null, null, null, Instant.MIN);
  }

  /** Runs of a group in order: by run number, then attempt. */
  private record RunOrder(long runNumber, int attempt) implements Comparable<RunOrder> {
    @Override
    public int compareTo(RunOrder other) {
      int byNumber = Long.compare(runNumber, other.runNumber);
      return byNumber != 0 ? byNumber : Integer.compare(attempt, other.attempt);
    }
  }
}
